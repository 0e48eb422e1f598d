//===- Accumulator.cpp - a loop-carried reduction value in registers ------------------===//
//
// See Accumulator.h.
//
//===------------------------------------------------------------------------------===//
#include "x86/Accumulator.h"

#include "llvm/Support/MathExtras.h"

namespace picoc::x86 {

using namespace llvm;

namespace {

// Lanes [0, from) kept, then undefined lanes up to `to`.
std::vector<int> padMask(unsigned from, unsigned to) {
  std::vector<int> mask(to, -1);
  for (unsigned i = 0; i < from; ++i)
    mask[i] = static_cast<int>(i);
  return mask;
}

} // namespace

Accumulator::Accumulator(BasicBlock *entry, Type *ty) : type_(ty) {
  IRBuilder<> allocas(entry, entry->begin());
  auto *vt = dyn_cast<FixedVectorType>(ty);
  unsigned lanes = vt ? vt->getNumElements() : 1, offset = 0;
  while (offset < lanes) {
    unsigned size = 1u << Log2_32(lanes - offset);
    Type *pieceTy = vt ? FixedVectorType::get(vt->getElementType(), size) : ty;
    pieces_.push_back({offset, size, allocas.CreateAlloca(pieceTy)});
    offset += size;
  }
}

Value *Accumulator::load(IRBuilderBase &b) const {
  Value *v = nullptr;
  unsigned have = 0;
  for (const Piece &p : pieces_) {
    Value *next = b.CreateLoad(p.slot->getAllocatedType(), p.slot);
    if (v) { // concatenate: widen both to `total` lanes, then pick
      unsigned total = have + p.size;
      std::vector<int> mask(total);
      for (unsigned i = 0; i < total; ++i)
        mask[i] = static_cast<int>(i < have ? i : total + (i - have));
      v = b.CreateShuffleVector(b.CreateShuffleVector(v, padMask(have, total)),
                                b.CreateShuffleVector(next, padMask(p.size, total)), mask);
    } else {
      v = next;
    }
    have += p.size;
  }
  return v;
}

void Accumulator::store(IRBuilderBase &b, Value *v) const {
  for (const Piece &p : pieces_)
    b.CreateStore(piece(b, v, p), p.slot);
}

void Accumulator::update(IRBuilderBase &b, Value *x,
                         const std::function<Value *(Value *, Value *)> &step) const {
  for (const Piece &p : pieces_)
    b.CreateStore(step(b.CreateLoad(p.slot->getAllocatedType(), p.slot), piece(b, x, p)), p.slot);
}

Value *Accumulator::piece(IRBuilderBase &b, Value *v, const Piece &p) const {
  if (pieces_.size() == 1)
    return v;
  std::vector<int> mask(p.size);
  for (unsigned i = 0; i < p.size; ++i)
    mask[i] = static_cast<int>(p.offset + i);
  return b.CreateShuffleVector(v, mask);
}

} // namespace picoc::x86

//===- Accumulator.h - a loop-carried reduction value in registers --------------------===//
//
// The kernel emitter keeps each reduction accumulator in entry-block allocas that SROA turns
// into phis. A W-lane accumulator is split into power-of-two pieces (24 lanes: 16 + 8): LLVM
// legalizes a <24 x float> phi badly (widened to 32 lanes and spilled every iteration), its
// <16 x float> and <8 x float> pieces well. Loads and stores convert between the whole value
// and the pieces with shuffles, which fold away.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TARGETS_X86_ACCUMULATOR_H
#define PICOC_TARGETS_X86_ACCUMULATOR_H

#include "llvm/IR/IRBuilder.h"

#include <functional>
#include <vector>

namespace picoc::x86 {

class Accumulator {
public:
  // Allocates the pieces of a value of type `ty` (scalar or fixed vector) in `entry`.
  Accumulator(llvm::BasicBlock *entry, llvm::Type *ty);
  llvm::Type *type() const { return type_; }
  llvm::Value *load(llvm::IRBuilderBase &b) const;
  void store(llvm::IRBuilderBase &b, llvm::Value *v) const;
  // acc = step(acc, x), piece by piece.
  void update(llvm::IRBuilderBase &b, llvm::Value *x,
              const std::function<llvm::Value *(llvm::Value *, llvm::Value *)> &step) const;

private:
  struct Piece {
    unsigned offset, size;
    llvm::AllocaInst *slot;
  };
  llvm::Value *piece(llvm::IRBuilderBase &b, llvm::Value *v, const Piece &p) const;

  llvm::Type *type_;
  std::vector<Piece> pieces_;
};

} // namespace picoc::x86

#endif // PICOC_TARGETS_X86_ACCUMULATOR_H

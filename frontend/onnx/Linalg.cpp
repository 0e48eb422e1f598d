//===- Linalg.cpp - ONNX MatMul, Gemm and Einsum --------------------------------------===//
//
// MatMul: 1-D operands are promoted as numpy does ([K] -> [1, K] on the left, [K, 1] on the
// right) and the added dim is removed from the result by a reshape.
// Gemm: Y = alpha * op(A) op(B) + beta * C, with op a transpose where transA/transB is set.
// Einsum: every operand is brought (diagonals taken, dims transposed, 1s inserted) into one
// label space, output labels first, summed labels last; the product of the operands is
// summed over the trailing labels. Fusion makes that one kernel, Reduce(sum, a * b), which
// is how a matmul lowers too.
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include <cctype>
#include <map>

using namespace mlir;

namespace picoc::onnximport {

LogicalResult importMatMul(NodeImporter &n) {
  return n.setResult(numpyMatMul(n, n.requiredInput(0), n.requiredInput(1)));
}

Value numpyMatMul(NodeImporter &n, Value a, Value b) {
  if (!a || !b)
    return {};
  if (rankOf(a) == 0 || rankOf(b) == 0) {
    n.problem("operands must have rank >= 1");
    return {};
  }
  bool vectorA = rankOf(a) == 1, vectorB = rankOf(b) == 1;
  if (vectorA)
    a = n.reshape(a, {1, shapeOf(a)[0]});
  if (vectorB)
    b = n.reshape(b, {shapeOf(b)[0], 1});
  Value y = n.create<MatMulOp>(a, b);
  if (!y || (!vectorA && !vectorB))
    return y;
  SmallVector<int64_t> shape(shapeOf(y));
  if (vectorB)
    shape.erase(shape.end() - 1);
  if (vectorA)
    shape.erase(shape.end() - (vectorB ? 1 : 2));
  return n.reshape(y, shape);
}

LogicalResult importGemm(NodeImporter &n) {
  Value a = n.requiredInput(0), b = n.requiredInput(1);
  if (!a || !b)
    return failure();
  if (rankOf(a) != 2 || rankOf(b) != 2)
    return n.fail("A and B must be matrices");
  if (n.attrInt("transA", 0))
    a = n.transpose(a, {1, 0});
  if (n.attrInt("transB", 0))
    b = n.transpose(b, {1, 0});
  Value y = n.create<MatMulOp>(a, b);
  double alpha = n.attrFloat("alpha", 1.0), beta = n.attrFloat("beta", 1.0);
  if (alpha != 1.0)
    y = n.binary(BinaryFn::mul, y, alpha);
  if (n.hasInput(2) && beta != 0.0) {
    Value c = n.input(2);
    if (beta != 1.0)
      c = n.binary(BinaryFn::mul, c, beta);
    Value sum = n.binary(BinaryFn::add, y, c);
    if (sum && shapeOf(sum) != shapeOf(y))
      return n.fail("C of shape " + shapeString(shapeOf(c)) + " does not broadcast to " +
                    shapeString(shapeOf(y)));
    y = sum;
  }
  return n.setResult(y);
}

namespace {

// An operand's dims named by labels: letters are their character code, the dims an ellipsis
// covers are 0..E-1 (right-aligned to the longest ellipsis).
using Labels = SmallVector<int64_t>;

// The labels of `term` for an operand of `rank`, or nullopt (a problem reported) when they
// do not fit; `ellipsis` receives how many dims its "..." covers.
std::optional<Labels> parseTerm(NodeImporter &n, StringRef term, int64_t rank,
                                int64_t &ellipsis) {
  size_t dots = term.find("...");
  std::string letters = term.str();
  if (dots != StringRef::npos)
    letters.erase(dots, 3);
  if (!llvm::all_of(letters, [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) {
    (void)n.fail("equation term '" + term + "' has characters other than letters and one '...'");
    return std::nullopt;
  }
  ellipsis = rank - static_cast<int64_t>(letters.size());
  if (ellipsis < 0 || (dots == StringRef::npos && ellipsis != 0)) {
    (void)n.fail("equation term '" + term + "' does not match an operand of rank " + Twine(rank));
    return std::nullopt;
  }
  Labels labels;
  for (size_t i = 0; i < term.size();) {
    if (i == dots) {
      labels.append(ellipsis, -1); // numbered once the longest ellipsis is known
      i += 3;
    } else {
      labels.push_back(static_cast<unsigned char>(term[i++]));
    }
  }
  return labels;
}

// Numbers an operand's ellipsis dims E - e .. E - 1.
void numberEllipsis(Labels &labels, int64_t ellipsis, int64_t longest) {
  int64_t next = longest - ellipsis;
  for (int64_t &l : labels)
    if (l == -1)
      l = next++;
}

// x with its repeated labels reduced to their diagonal (x[i, i] -> d[i]).
Value takeDiagonals(NodeImporter &n, Value x, Labels &labels) {
  for (size_t p = 0; p < labels.size(); ++p) {
    for (size_t q = p + 1; q < labels.size(); ++q) {
      if (labels[p] != labels[q])
        continue;
      int64_t size = shapeOf(x)[p];
      if (shapeOf(x)[q] != size) {
        n.problem("a repeated label takes a diagonal of dims " + Twine(p) + " and " + Twine(q) +
                  ", which differ in size (" + Twine(size) + " and " + Twine(shapeOf(x)[q]) + ")");
        return {};
      }
      SmallVector<int64_t> perm, shape;
      Labels rest;
      for (size_t d = 0; d < labels.size(); ++d)
        if (d != p && d != q)
          perm.push_back(d), shape.push_back(shapeOf(x)[d]), rest.push_back(labels[d]);
      perm.append({static_cast<int64_t>(p), static_cast<int64_t>(q)});
      SmallVector<int64_t> flat(shape);
      flat.push_back(size * size);
      x = n.reshape(n.transpose(x, perm), flat);
      SmallVector<int64_t> starts(flat.size(), 0), steps(flat.size(), 1), diagonal(shape);
      steps.back() = size + 1;
      diagonal.push_back(size);
      x = n.slice(x, starts, steps, diagonal);
      if (!x) // the problem is reported (a size whose square overflows, say)
        return {};
      rest.push_back(labels[p]);
      labels = rest;
      return takeDiagonals(n, x, labels);
    }
  }
  return x;
}

} // namespace

LogicalResult importEinsum(NodeImporter &n) {
  std::string equation;
  for (char c : n.attrString("equation", ""))
    if (c != ' ')
      equation += c;
  if (equation.empty())
    return n.fail("attribute 'equation' is required");
  size_t arrow = equation.find("->");
  StringRef lhs = StringRef(equation).substr(0, arrow);
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  if (static_cast<int>(terms.size()) != n.numInputs())
    return n.fail("equation '" + equation + "' names " + Twine(terms.size()) +
                  " operands, the node has " + Twine(n.numInputs()));

  SmallVector<Value> operands;
  SmallVector<Labels> labels;
  SmallVector<int64_t> ellipses;
  int64_t longest = 0;
  for (auto [i, term] : llvm::enumerate(terms)) {
    Value x = n.requiredInput(static_cast<int>(i));
    if (!x)
      return failure();
    int64_t ellipsis = 0;
    auto l = parseTerm(n, term, rankOf(x), ellipsis);
    if (!l)
      return failure();
    operands.push_back(x);
    labels.push_back(*l);
    ellipses.push_back(ellipsis);
    longest = std::max(longest, ellipsis);
  }
  for (size_t i = 0; i < operands.size(); ++i)
    numberEllipsis(labels[i], ellipses[i], longest);

  // The output's labels: explicit, or the ellipsis then the letters used once, sorted.
  Labels out;
  if (arrow != std::string::npos) {
    StringRef outTerm = StringRef(equation).substr(arrow + 2);
    bool dots = outTerm.contains("...");
    int64_t rank = static_cast<int64_t>(outTerm.size()) - (dots ? 3 - longest : 0), ellipsis = 0;
    auto parsed = parseTerm(n, outTerm, rank, ellipsis);
    if (!parsed)
      return failure();
    out = *parsed;
    numberEllipsis(out, ellipsis, longest);
  } else {
    for (int64_t e = 0; e < longest; ++e)
      out.push_back(e);
    std::map<int64_t, int> uses;
    for (const Labels &l : labels)
      for (int64_t label : l)
        if (label >= longest)
          ++uses[label];
    for (auto [label, count] : uses)
      if (count == 1)
        out.push_back(label);
  }

  // The label space: the output's labels, then the summed ones; each label's size.
  Labels space = out;
  std::map<int64_t, int64_t> sizes;
  for (size_t i = 0; i < operands.size(); ++i) {
    operands[i] = takeDiagonals(n, operands[i], labels[i]);
    if (!operands[i])
      return failure();
    for (auto [d, label] : llvm::enumerate(labels[i])) {
      int64_t size = shapeOf(operands[i])[d];
      auto [it, inserted] = sizes.insert({label, size});
      if (!inserted && it->second != size && it->second != 1 && size != 1)
        return n.fail("label '" + std::string(1, label >= longest ? char(label) : '.') +
                      "' has sizes " + Twine(it->second) + " and " + Twine(size));
      it->second = std::max(it->second, size);
      if (!llvm::is_contained(space, label))
        space.push_back(label);
    }
  }
  for (int64_t label : out)
    if (!sizes.count(label))
      return n.fail("output label '" + std::string(1, char(label)) + "' names no input dim");

  // Every operand transposed into the space's order, with 1s for the labels it lacks.
  Value product;
  for (size_t i = 0; i < operands.size(); ++i) {
    SmallVector<int64_t> perm, shape;
    for (int64_t label : space) {
      auto at = llvm::find(labels[i], label);
      if (at != labels[i].end()) {
        perm.push_back(at - labels[i].begin());
        shape.push_back(shapeOf(operands[i])[perm.back()]);
      } else {
        shape.push_back(1);
      }
    }
    Value x = operands[i];
    if (!llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
      x = n.transpose(x, perm);
    if (shapeOf(x) != ArrayRef<int64_t>(shape))
      x = n.reshape(x, shape);
    product = product ? n.binary(BinaryFn::mul, product, x) : x;
  }
  SmallVector<int64_t> summed, outShape;
  for (size_t d = out.size(); d < space.size(); ++d)
    summed.push_back(d);
  for (int64_t label : out)
    outShape.push_back(sizes[label]);
  Value y = n.reduce(ReduceFn::sum, product, summed); // [out..., 1...]
  if (y && shapeOf(y) != ArrayRef<int64_t>(outShape))
    y = n.reshape(y, outShape);
  return n.setResult(y);
}

} // namespace picoc::onnximport

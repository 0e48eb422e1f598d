//===- CudaAttention.h - attention kernels as CUDA C (internal to the target) ---------===//
//
// An attention kernel (kir::Attention) is rendered by its own rule, not CudaRenderer's loop
// nest. Per block of 256 threads, 16 rt query rows of one batch index (rt = 8 rows a thread,
// or 4 for short queries and wide V rows); the keys go by in tiles of BN (64, or 32 where the
// head dims are large) staged in shared memory with the queries:
//
//   for each key tile:  skipped (a block vote) where the bias is -inf for all its scores
//                       K and V tiles evaluated into shared memory (k and v's expressions)
//                       S = Q K^T, rt x BN/16 scores a thread (rows ty*rt.., keys tx + 16c)
//                       score expression per element (scale, mask), -inf past the keys
//                       online softmax per row: the 16 threads of a row (a half-warp) agree on
//                       the new max by shuffles, rescale their sums and accumulators, write
//                       P = exp(s - max) to shared memory
//                       O += P V: a thread's rt rows x D/16 columns (tx + 16c)
//   O / l stored (0 for a row of -inf scores with zeroEmptyRows)
//
// f32 on the CUDA cores; with mma(0, p) (--precision=tf32 or tf32x3) the two products run on
// tensor cores instead: 8 warps of 16 query rows, S = Q K^T per key tile of 64 in the
// m16n8k8 accumulators (rows g and g + 8 of a warp's 16, keys 8j + 2q and 8j + 2q + 1), the
// score expression and the online softmax per row among the row's 4 threads, and O += P V
// with S's registers as P's fragments (mma's terms q and q + 4 taken as keys 2q and 2q + 1;
// V's fragments take the same order). The scores never leave the block. The weights are exp2((s - max) * log2 e): one multiply and the hardware's
// exp2 instead of expf's range reduction; the product's rounding moves a weight by about
// |s - max| * 6e-8 of itself (1e-6 at a score 20 below the row's max, a weight of 2e-9).
//
//===---------------------------------------------------------------------------------===//
#ifndef PICOC_TARGETS_CUDA_CUDAATTENTION_H
#define PICOC_TARGETS_CUDA_CUDAATTENTION_H

#include "CudaRenderer.h"

#include <string>

namespace picoc::cuda {

// True if renderAttention can render the attention kernel `k`; else `why`.
bool checkAttention(const kir::Kernel &k, std::string &why);
// Its launch: blocks of 256 threads over (batch index, tile of query rows).
LaunchConfig attentionLaunch(const kir::Kernel &k);
// The body of its __global__ function (after the signature's opening brace), with `params`
// the buffer id -> parameter name map and `numDims` the program's run-time dims.
std::string renderAttentionBody(const kir::Kernel &k, const ParamMap &params, int numDims);

} // namespace picoc::cuda

#endif // PICOC_TARGETS_CUDA_CUDAATTENTION_H

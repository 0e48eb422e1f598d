//===- ModelMutator.h - structure-aware mutations of an ONNX ModelProto -------------===//
//
// Byte flips mostly break the protobuf encoding, so few inputs reach the op importers. When
// an input parses as a ModelProto, mutateModel changes what the importer reads instead: an
// attribute's value (ints near the edges: 0, -1, 2^31, INT64_MIN...), an attribute added
// from the op's row in OpTable.h or dropped, a node's op type or inputs, a graph input's dims
// or element type, an initializer's dims, type or data, the opset, nodes duplicated or
// removed, the graph outputs. The result is serialized back into `data`.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TEST_FUZZ_MODELMUTATOR_H
#define PICOC_TEST_FUZZ_MODELMUTATOR_H

#include <cstddef>
#include <cstdint>

namespace picoc::fuzz {

// Mutates the serialized model in data[0, size) in place, within maxSize bytes; returns the
// new size, or 0 when `data` is not a ModelProto or the result would not fit (the caller
// then falls back to libFuzzer's byte mutations).
size_t mutateModel(uint8_t *data, size_t size, size_t maxSize, unsigned seed);

} // namespace picoc::fuzz

#endif // PICOC_TEST_FUZZ_MODELMUTATOR_H

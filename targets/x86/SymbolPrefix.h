//===- SymbolPrefix.h - the C identifier every symbol of a model starts with ----------===//
//
// TargetOptions::name made safe as a C identifier (other characters become '_', a leading
// digit gets a '_' in front). The object's symbols and the generated header both use it, so it
// is defined once, in targets/ModelHeader.cpp.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TARGETS_X86_SYMBOLPREFIX_H
#define PICOC_TARGETS_X86_SYMBOLPREFIX_H

#include <string>

namespace picoc {

std::string modelSymbolPrefix(const std::string &name);

} // namespace picoc

#endif // PICOC_TARGETS_X86_SYMBOLPREFIX_H

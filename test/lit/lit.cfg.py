# lit configuration: the tests under test/lit run picoc-opt / picoc and FileCheck.
import os
import lit.formats

config.name = "picoc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
# Test outputs (%t) go to the build tree, never into the sources.
config.test_exec_root = lit_config.params["exec_root"]
config.environment["PATH"] = os.pathsep.join(
    [lit_config.params["tools_dir"], "/usr/lib/llvm-19/bin", config.environment.get("PATH", os.environ["PATH"])])
config.substitutions.append(("%onnx_node", "/usr/share/libonnx-testdata/data/node"))

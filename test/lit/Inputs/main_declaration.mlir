// @main without a body (test/lit/output-paths.test).
func.func private @main(%a: tensor<2xf32>) -> tensor<2xf32>

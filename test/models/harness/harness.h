/* harness.h - what run_model.c and two_models.c share: loading a test case's data set for a
 * compiled model, running it, and checking its outputs against the references.
 *
 * A case directory is in ONNX backend-test layout: test_data_set_0/input_K.pb and
 * output_K.pb (serialized onnx.TensorProto, read with tensor_pb.h). Files are matched to the
 * inputs and outputs of a model's entry point (its picort_entry_desc) by name when all the names match, else
 * by position when the counts agree. The check is ONNX's: |got - ref| <= atol + rtol * |ref|
 * for floats (NaN matches NaN, infinities must be equal), equality for integers and bools.
 */
#ifndef HARNESS_H
#define HARNESS_H

#include "picort.h"
#include "tensor_pb.h"

/* Token pasting on the -DMODEL=<name> prefix: HARNESS_PASTE(MODEL, _create) is <name>_create. */
#define HARNESS_PASTE_(a, b) a##b
#define HARNESS_PASTE(a, b) HARNESS_PASTE_(a, b)
#define HARNESS_STR_(a) #a
#define HARNESS_STR(a) HARNESS_STR_(a)

/* The entry points of the one model a program is compiled for (-DMODEL=<name>). */
#ifdef MODEL
#define MODEL_NAME HARNESS_STR(MODEL)
#define MODEL_DESC HARNESS_PASTE(MODEL, _desc)
#define MODEL_CREATE HARNESS_PASTE(MODEL, _create)
#define MODEL_RUN HARNESS_PASTE(MODEL, _run)
#define MODEL_DESTROY HARNESS_PASTE(MODEL, _destroy)
#endif

#define HARNESS_RTOL 1e-3
/* atol is 1e-6, not ONNX's 1e-7: these are whole models, whose outputs are sums of hundreds of
 * products of O(1) values (a 3x3x32 convolution sums 288). Two fp32 summation orders (ours and
 * onnxruntime's, which made the reference) differ by up to ~sqrt(n) ulp(1) ~ 1e-6 in absolute
 * terms, which fails atol 1e-7 wherever such a sum cancels to ~1e-5. rtol 1e-3 still holds for
 * every element of ordinary magnitude. The single-op ONNX suite keeps 1e-7 (picoc-run). */
#define HARNESS_ATOL 1e-6

typedef struct harness_case {
  const picort_entry_desc *desc; /* the entry point's interface */
  int num_files_in, num_files_out;
  tensor_pb *files_in;       /* input_K.pb, K = 0, 1, ... */
  tensor_pb *files_out;      /* output_K.pb */
  picort_tensor *inputs;     /* desc->num_inputs, data borrowed from files_in */
  picort_tensor *outputs;    /* desc->num_outputs, data malloc'd */
  int *ref_of_output;        /* per desc output: its index in files_out, or -1 */
  /* > 0: float outputs are compared normwise, max |got - ref| <= normwise * max |ref| (a
   * `normwise X` line in <case_dir>/tolerance, as picoc-run reads it: deep models, whose
   * near-zero elements carry the rounding of their large ones). */
  double normwise;
} harness_case;

/* Loads <case_dir>/test_data_set_0 for entry point `desc` and allocates the outputs. Returns 0, or -1
 * after printing the reason to stderr (the case is then freed). */
int harness_load(const picort_entry_desc *desc, const char *case_dir, harness_case *c);

/* Fills every output with 0xFF bytes (NaN for floats), so unwritten elements fail the check. */
void harness_poison_outputs(const harness_case *c);

/* Compares every output that has a reference. Prints one line per output when `print` is
 * set ("output 0 'y': max rel err 1.2e-07 (PASS)"), and the failures always. Returns the
 * number of failing outputs. */
int harness_check(const harness_case *c, const char *label, int print);

void harness_free(harness_case *c);

/* Seconds on a monotonic clock. */
double harness_now(void);

#endif /* HARNESS_H */

/* weights.c - mapping the weights side file read-only with mmap, and unmapping it. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* The text of errno value `err`. strerror_r is the GNU variant (returns the text) when the build
 * defines _GNU_SOURCE (LLVM's definitions do), else the XSI one (fills buf). */
static const char *weights_strerror(int err, char *buf, size_t size) {
#if defined(_GNU_SOURCE)
  return strerror_r(err, buf, size);
#else
  if (strerror_r(err, buf, size) != 0) snprintf(buf, size, "error %d", err);
  return buf;
#endif
}

picort_status picort_weights_map(const char *path, uint64_t bytes, picort_mapping *out) {
  char why[128];
  out->base = NULL;
  out->bytes = 0;
  if (path == NULL)
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "no weights file path given");
  /* O_NONBLOCK: a FIFO or device given as the side file is refused below, never waited on. */
  int fd = open(path, O_RDONLY | O_NONBLOCK);
  if (fd < 0)
    return picort_error_set(PICORT_ERROR_IO, "cannot open weights file '%s': %s", path,
                            weights_strerror(errno, why, sizeof why));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int err = errno;
    close(fd);
    return picort_error_set(PICORT_ERROR_IO, "cannot stat weights file '%s': %s", path,
                            weights_strerror(err, why, sizeof why));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return picort_error_set(PICORT_ERROR_IO, "weights file '%s' is not a regular file", path);
  }
  if ((uint64_t)st.st_size < bytes) {
    close(fd);
    return picort_error_set(PICORT_ERROR_IO,
                            "weights file '%s' holds %llu bytes, the model needs %llu", path,
                            (unsigned long long)st.st_size, (unsigned long long)bytes);
  }
  if (bytes == 0) { /* nothing to map (mmap rejects a zero length) */
    close(fd);
    return PICORT_OK;
  }
  if ((uint64_t)(size_t)bytes != bytes) {
    close(fd);
    return picort_error_set(PICORT_ERROR_OUT_OF_MEMORY,
                            "weights file '%s': %llu bytes do not fit the address space", path,
                            (unsigned long long)bytes);
  }
  void *base = mmap(NULL, (size_t)bytes, PROT_READ, MAP_PRIVATE, fd, 0);
  int err = errno;
  close(fd); /* the mapping keeps the file referenced */
  if (base == MAP_FAILED)
    return picort_error_set(PICORT_ERROR_IO, "cannot map %llu bytes of weights file '%s': %s",
                            (unsigned long long)bytes, path, weights_strerror(err, why, sizeof why));
  out->base = base;
  out->bytes = (size_t)bytes;
  return PICORT_OK;
}

void picort_weights_unmap(picort_mapping *mapping) {
  if (mapping->base != NULL) munmap(mapping->base, mapping->bytes);
  mapping->base = NULL;
  mapping->bytes = 0;
}

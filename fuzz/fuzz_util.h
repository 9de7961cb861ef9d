/* fuzz_util.h - what the fuzz targets share: the spec loaded once, a
 * property check that aborts (so libFuzzer/AFL++ keep the input), and the
 * framing that turns fuzz bytes into a message with a first line, header
 * lines and a body.
 *
 * Message framing (fuzz input encoding, not HTTP: no folding, no chunking,
 * no escapes), used by the check, sigv4 and serve targets:
 *   <first line>\n
 *   <Name>: <value>\n        zero or more; the value is left-trimmed of SP/HTAB
 *   \n                       an empty line ends the headers
 *   <body>                   every remaining byte, as it is
 * A '\r' before '\n' is dropped, so CRLF seeds read the same. Text fields are
 * cut at an embedded NUL, as a C-string HTTP stack would hand them over. */
#ifndef DC_FUZZ_UTIL_H
#define DC_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/json.h"
#include "spec/spec.h"

/* More than DC_SIGV4_MAX_HEADERS (128) so the header-count caps are reachable. */
#define FZ_MAX_HEADERS 160

/* A violated property: print why and abort, so the engine records a crash. */
#define FZ_CHECK(cond, ...)                                                                                            \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "fuzz property failed at %s:%d: ", __FILE__, __LINE__);                                    \
            fprintf(stderr, __VA_ARGS__);                                                                              \
            fputc('\n', stderr);                                                                                       \
            abort();                                                                                                   \
        }                                                                                                              \
    } while (0)

typedef struct {
    char *first; /* owned */
    char *names[FZ_MAX_HEADERS];
    char *values[FZ_MAX_HEADERS];
    size_t nheaders;
    bool header_overflow; /* more header lines than FZ_MAX_HEADERS (the rest are dropped) */
    const uint8_t *body;  /* borrowed from the input */
    size_t body_len;
} fz_message;

void fz_message_parse(const uint8_t *data, size_t len, fz_message *m);
void fz_message_free(fz_message *m);

/* A request line "<METHOD> <target>" split in place (m->first is cut with
 * NULs): the method up to the first space, the target path up to '?', the
 * query after it. Without a space: path "/" and no query; without '?': no
 * query (NULL). The pointers are into m->first. */
void fz_request_line(fz_message *m, const char **method, const char **path, const char **query);

/* The folder holding spec/: $DDBCONFORM_HOME, else found from the binary
 * (build trees and an OSS-Fuzz $OUT with spec/ copied beside the targets). */
const char *fz_data_dir(void);
/* spec/ loaded once per process; aborts with a message when it cannot be. */
const dc_spec *fz_spec(void);

/* Big-endian 16-bit length prefix; 0 when fewer than 2 bytes are left. */
size_t fz_take_u16(const uint8_t **data, size_t *len);

#endif

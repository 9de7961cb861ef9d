/* names.h - the scheme of the names the suite gives what it creates, so that
 * `ddbconform sweep` can prove a table or backup is the suite's before it
 * deletes it (docs/plan-and-sweep.md, [S:suite-name-scheme]).
 *
 * A case's ${unique} is one token of DC_UNIQUE_LEN characters:
 *
 *     ddbc-RRRRRR-TTTTTTTT-SSSSCCCC      e.g. ddbc-3fa2c1-6756f3a1-002a91be
 *
 *   R  the run id: 6 hex digits, random per run (printed by run, kept in report.json)
 *   T  when the case started: epoch seconds, 8 hex digits (sweep --older-than reads it)
 *   S  the case's place in the run, 4 hex digits (two cases started in one second differ)
 *   C  a check: the low 16 bits of zlib's crc32 over "ddbc-R-T-S", 4 hex digits
 *
 * All hex digits are lower case. Cases name resources "${unique}" or
 * "${unique}<sep><rest>" with sep one of "-._". A name is the suite's when it
 * starts with a well-formed token whose check holds, followed by the end or a
 * separator; a name someone typed by hand that merely looks alike fails the
 * check (1 in 65536 for a random one). */
#ifndef DC_NAMES_H
#define DC_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DC_UNIQUE_PREFIX "ddbc-"
#define DC_UNIQUE_LEN 29
#define DC_RUN_ID_LEN 6

typedef struct {
    char run_id[DC_RUN_ID_LEN + 1];
    int64_t created; /* epoch seconds */
    unsigned seq;
} dc_unique_info;

/* A fresh random run id (libcrypto's generator; the clock if it fails). */
void dc_run_id_new(char out[DC_RUN_ID_LEN + 1]);
/* true when id is DC_RUN_ID_LEN lower-case hex digits. */
bool dc_run_id_valid(const char *id);
/* The token for run_id (valid), a case started at created, the case's place seq
 * (taken mod 65536). */
void dc_unique_make(const char *run_id, int64_t created, unsigned seq, char out[DC_UNIQUE_LEN + 1]);
/* true when name (len bytes) is the suite's (see above); fills out when given. */
bool dc_unique_parse(const char *name, size_t len, dc_unique_info *out);

#endif

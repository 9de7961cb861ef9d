/* gen.h - the steps of an explore sequence and their generator.
 *
 * A step is an operation with a request template, or a time advance. The
 * template names what differs between the two sides and between runs by
 * placeholder, resolved when the step runs (explore/run.h):
 *   ${P}    the run's name prefix (every table it creates is ${P}t<slot>)
 *   ${B<n>} the BackupArn the side answered to the sequence's n-th CreateBackup
 *   ${M<n>} the side's clock at the middle of the n-th time advance (epoch s):
 *           a PITR instant after every write before that advance, before every
 *           write after it, on both sides whatever their clocks read
 * so a step can be dropped (shrinking) and the rest still runs: a reference
 * to a dropped backup or advance resolves to a well-formed one that does not
 * exist.
 *
 * The generator leans towards valid requests: it keeps its own account of
 * what exists (from the model's answers, dc_ex_gen_feedback) and mostly names
 * existing tables, backups and PITR instants inside the window, sometimes
 * missing ones. */
#ifndef DC_EXPLORE_GEN_H
#define DC_EXPLORE_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DC_EX_TABLE_SLOTS 6
#define DC_EX_MAX_REFS 512 /* backups and markers per sequence */
#define DC_EX_MAX_OPS 32   /* --ops entries */

typedef enum { DC_EX_STEP_CALL, DC_EX_STEP_ADVANCE } dc_ex_step_kind;

/* What the run waits for after the step succeeded on the model, before the
 * next step: the endpoint's asynchronous state to reach the model's. */
typedef enum { DC_EX_SETTLE_NONE, DC_EX_SETTLE_TABLE, DC_EX_SETTLE_TABLE_GONE, DC_EX_SETTLE_BACKUP } dc_ex_settle;

typedef struct {
    dc_ex_step_kind kind;
    const char *op; /* static */
    char *body;     /* owned template (CALL) */
    int backup;     /* CreateBackup: the n of the ${B<n>} it defines; -1 */
    int marker;     /* ADVANCE: the n of the ${M<n>} it defines; -1 */
    int64_t advance_ms;
    dc_ex_settle settle;
    int settle_slot;   /* DC_EX_SETTLE_TABLE(_GONE): the table slot */
    bool follow_pages; /* ListBackups: every page, following LastEvaluatedBackupArn */
} dc_ex_step;

void dc_ex_step_free(dc_ex_step *s);
void dc_ex_step_copy(const dc_ex_step *from, dc_ex_step *to);

typedef struct dc_ex_gen dc_ex_gen;

/* ops: the operations sequences may use (NULL/0 = all); CreateTable is
 * always among them (nothing exists without it). */
dc_ex_gen *dc_ex_gen_new(uint64_t seed, const char *const *ops, size_t nops);
void dc_ex_gen_free(dc_ex_gen *g);
/* The next step (owned by the caller: dc_ex_step_free). */
void dc_ex_gen_next(dc_ex_gen *g, dc_ex_step *out);
/* What the model answered to the step just generated: its state follows. */
void dc_ex_gen_feedback(dc_ex_gen *g, const dc_ex_step *s, bool model_ok);

/* True for the operations the generator knows. */
bool dc_ex_gen_knows(const char *op);

#endif

/* replay_main.c - the standalone driver every fuzz target links when it is not
 * built with libFuzzer: runs LLVMFuzzerTestOneInput on each file given, and on
 * every regular file under each folder given (recursively, sorted, dotfiles
 * skipped). Regression tests and sanitizer builds without libFuzzer use it.
 *
 *   <target>-replay [--bench SECONDS] PATH...
 *
 * Exit 0 when every input ran (a violated property aborts), 2 on a usage or
 * I/O error. --bench repeats the inputs for SECONDS and prints one line
 * "execs=N seconds=S exec_per_sec=X" (in-process throughput, for make bench). */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/common.h"

#define S_MAX_INPUT (4u << 20) /* larger than any -max_len in the targets' .options */
#define S_MAX_FILES 100000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

typedef struct {
    dc_buf *inputs;
    char **names;
    size_t n, cap;
} s_set;

/* The input being run, named when a property or a sanitizer aborts. */
static const char *volatile s_current;

static void s_on_abort(int sig)
{
    const char *name = s_current;
    if (name != NULL) {
        static const char pre[] = "replay: crashed on input ";
        (void)!write(2, pre, sizeof pre - 1);
        (void)!write(2, name, strlen(name));
        (void)!write(2, "\n", 1);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static int s_name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int s_add_file(s_set *set, const char *path)
{
    if (set->n == S_MAX_FILES) {
        fprintf(stderr, "replay: more than %u inputs\n", S_MAX_FILES);
        return -1;
    }
    if (set->n == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 64;
        set->inputs = dc_xrealloc(set->inputs, set->cap * sizeof *set->inputs);
        set->names = dc_xrealloc(set->names, set->cap * sizeof *set->names);
    }
    dc_err err;
    dc_buf_init(&set->inputs[set->n]);
    if (dc_read_file(path, S_MAX_INPUT, &set->inputs[set->n], &err) != 0) {
        fprintf(stderr, "replay: %s\n", err.msg);
        dc_buf_free(&set->inputs[set->n]);
        return -1;
    }
    set->names[set->n++] = dc_xstrdup(path);
    return 0;
}

static int s_add_path(s_set *set, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: cannot stat\n", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return s_add_file(set, path);
    DIR *d = opendir(path);
    if (d == NULL) {
        fprintf(stderr, "replay: %s: cannot open folder\n", path);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = dc_xrealloc(names, cap * sizeof *names);
        }
        names[n++] = dc_xstrdup(de->d_name);
    }
    closedir(d);
    if (n > 1) /* names is NULL for an empty folder */
        qsort(names, n, sizeof *names, s_name_cmp);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0) {
            dc_buf p;
            dc_buf_init(&p);
            dc_buf_printf(&p, "%s/%s", path, names[i]);
            rc = s_add_path(set, (const char *)p.data);
            dc_buf_free(&p);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

static double s_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    double bench = 0;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--bench") == 0) {
        bench = strtod(argv[2], NULL);
        first = 3;
    }
    if (first >= argc || !(bench >= 0)) {
        fprintf(stderr, "usage: %s [--bench SECONDS] FILE|DIR...\n", argv[0]);
        return 2;
    }
    if (LLVMFuzzerInitialize != NULL)
        LLVMFuzzerInitialize(&argc, &argv);
    s_set set = {NULL, NULL, 0, 0};
    int rc = 0;
    for (int i = first; i < argc && rc == 0; i++)
        rc = s_add_path(&set, argv[i]) == 0 ? 0 : 2;
    if (rc == 0 && bench == 0) {
        signal(SIGABRT, s_on_abort);
        signal(SIGSEGV, s_on_abort);
        for (size_t i = 0; i < set.n; i++) {
            s_current = set.names[i];
            LLVMFuzzerTestOneInput(set.inputs[i].data, set.inputs[i].len);
        }
        s_current = NULL;
        printf("replayed %zu inputs\n", set.n);
    } else if (rc == 0 && set.n > 0) {
        uint64_t execs = 0;
        double start = s_now(), elapsed = 0;
        do {
            for (size_t i = 0; i < set.n; i++)
                LLVMFuzzerTestOneInput(set.inputs[i].data, set.inputs[i].len);
            execs += set.n;
            elapsed = s_now() - start;
        } while (elapsed < bench);
        printf("execs=%llu seconds=%.3f exec_per_sec=%.1f\n", (unsigned long long)execs, elapsed,
               (double)execs / elapsed);
    }
    for (size_t i = 0; i < set.n; i++) {
        dc_buf_free(&set.inputs[i]);
        free(set.names[i]);
    }
    free(set.inputs);
    free(set.names);
    return rc;
}

/* datadir.c - where the data (spec/, cases/, baselines/) lives at run time:
 * $DDBCONFORM_HOME; else, for a binary built by `make install` (which sets
 * DC_DATADIR to PREFIX/share/ddbconform), that folder; else the build tree the
 * binary sits in (<top>/build[/asan]/ddbconform); else the default install
 * folder; else the working folder. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/datadir.h"

#ifdef DC_DATADIR
#define S_INSTALLED 1 /* an installed binary prefers its own data to any build tree */
#else
#define S_INSTALLED 0
#define DC_DATADIR "/usr/local/share/ddbconform"
#endif

static int s_has_spec(const char *dir)
{
    char p[PATH_MAX + 32];
    struct stat st;
    snprintf(p, sizeof p, "%s/spec/errors.json", dir);
    return stat(p, &st) == 0;
}

const char *dc_data_dir(void)
{
    static char dir[PATH_MAX];
    if (dir[0] != '\0')
        return dir;
    const char *env = getenv("DDBCONFORM_HOME");
    if (env != NULL && *env != '\0') {
        snprintf(dir, sizeof dir, "%s", env);
        return dir;
    }
    if (S_INSTALLED && s_has_spec(DC_DATADIR)) {
        snprintf(dir, sizeof dir, "%s", DC_DATADIR);
        return dir;
    }
    /* a build tree: the binary is <top>/build[/asan]/ddbconform */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        for (int up = 0; up < 4; up++) {
            char *slash = strrchr(exe, '/');
            if (slash == NULL)
                break;
            *slash = '\0';
            if (s_has_spec(exe)) {
                snprintf(dir, sizeof dir, "%s", exe);
                return dir;
            }
        }
    }
    if (s_has_spec(DC_DATADIR)) {
        snprintf(dir, sizeof dir, "%s", DC_DATADIR);
        return dir;
    }
    snprintf(dir, sizeof dir, ".");
    return dir;
}

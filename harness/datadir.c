/* datadir.c - where the data (spec/, cases/) lives at run time. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#ifndef DC_DATADIR
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

/* datadir.h - where spec/, cases/ and baselines/ are found at run time:
 * $DDBCONFORM_HOME, else the folder the binary was installed with
 * (compile-time DC_DATADIR), else next to build/. A core service: the
 * endpoint, the suite and the command line all need it. */
#ifndef DC_DATADIR_H
#define DC_DATADIR_H

const char *dc_data_dir(void);

#endif

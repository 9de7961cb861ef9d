# mk/install.mk - `make install [PREFIX=/usr/local] [DESTDIR=]` and `make uninstall`.
# Installs the command, its data (spec/, cases/, baselines/, the catalogue of sources the
# HTML report links to) and the man page:
#   $(DESTDIR)$(PREFIX)/bin/ddbconform
#   $(DESTDIR)$(PREFIX)/share/ddbconform/{spec,cases,baselines,docs/sources.md}
#   $(DESTDIR)$(PREFIX)/share/man/man1/ddbconform.1
# The binary is built apart (in $(BUILD)/install) with DC_DATADIR set to the final
# data folder (harness/core/datadir.c), so it finds its data from any working folder;
# DESTDIR only stages the files (packaging) and is not compiled in.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/ddbconform
MANDIR  ?= $(PREFIX)/share/man
INSTALL_BUILD := $(BUILD)/install
INSTALL_DATA  := spec cases baselines

.PHONY: install uninstall
install:
	@# datadir.o carries the data folder: rebuild it for this PREFIX
	@rm -f $(INSTALL_BUILD)/obj/core/datadir.o
	CPPFLAGS='-DDC_DATADIR=\"$(DATADIR)\"' $(MAKE) --no-print-directory BUILD=$(INSTALL_BUILD) \
	    $(INSTALL_BUILD)/ddbconform
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(INSTALL_BUILD)/ddbconform $(DESTDIR)$(BINDIR)/ddbconform
	rm -rf $(addprefix $(DESTDIR)$(DATADIR)/,$(INSTALL_DATA) docs)
	cp -R $(INSTALL_DATA) $(DESTDIR)$(DATADIR)/
	install -d $(DESTDIR)$(DATADIR)/docs/sources
	install -m 644 docs/sources.md $(DESTDIR)$(DATADIR)/docs/sources.md
	install -m 644 $(wildcard docs/sources/*.md) $(DESTDIR)$(DATADIR)/docs/sources/
	chmod -R u=rwX,go=rX $(DESTDIR)$(DATADIR)
	install -m 644 docs/ddbconform.1 $(DESTDIR)$(MANDIR)/man1/ddbconform.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ddbconform $(DESTDIR)$(MANDIR)/man1/ddbconform.1
	rm -rf $(DESTDIR)$(DATADIR)

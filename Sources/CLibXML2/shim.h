#ifndef WFRUN_CLIBXML2_SHIM_H
#define WFRUN_CLIBXML2_SHIM_H

/*
 * Debian builds libxml2 with ICU, so <libxml/encoding.h> includes <unicode/ucnv.h>. Foundation
 * ships its own copy of the ICU headers; a module that sees both fails a clean build with
 * "'UErrorCode' has different definitions in different modules". wfrun never touches libxml2's
 * ICU converters, so the ICU header is kept out here and the two ICU types that encoding.h names
 * get private stand-ins of the same size (a pointer and a 16-bit code unit), which keeps every
 * libxml2 struct layout unchanged.
 */
#define UCNV_H 1
#define UConverter struct wfrun_unused_icu_converter
#define UChar unsigned short

#include <libxml/xmlversion.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlstring.h>

#undef UConverter
#undef UChar

/* `xmlFree` is a mutable C global, which Swift 6 refuses to read from concurrent code. */
static inline void wfrun_xmlFree(void *pointer) {
    xmlFree(pointer);
}

#endif

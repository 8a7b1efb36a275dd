/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What every libcxlsim header needs: the export macro, versions, error codes. */
#ifndef CXLSIM_COMMON_H
#define CXLSIM_COMMON_H

#if defined(__GNUC__) || defined(__clang__)
#define CXLSIM_API __attribute__((visibility("default")))
#else
#define CXLSIM_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define CXLSIM_VERSION_MAJOR 0
#define CXLSIM_VERSION_MINOR 1
#define CXLSIM_VERSION_PATCH 0

/** A probe asked to be retried later; the kernel's EPROBE_DEFER. */
#define CXLSIM_EPROBE_DEFER 517

/**
 * cxlsim_version() - the library's version as "MAJOR.MINOR.PATCH"
 * Return: a static string; never NULL.
 */
CXLSIM_API const char *cxlsim_version(void);

/**
 * cxlsim_strerror() - text for an error returned by libcxlsim
 * @err: a negative errno or -CXLSIM_EPROBE_DEFER
 *
 * Context: any; thread-safe.
 * Return: a static string; never NULL.
 */
CXLSIM_API const char *cxlsim_strerror(int err);

#ifdef __cplusplus
}
#endif

#endif /* CXLSIM_COMMON_H */

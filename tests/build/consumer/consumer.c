// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdio.h>
#include <string.h>

#include <cxlsim/cxlsim.h>

int main(void)
{
	char want[32];

	snprintf(want, sizeof(want), "%d.%d.%d", CXLSIM_VERSION_MAJOR, CXLSIM_VERSION_MINOR,
		 CXLSIM_VERSION_PATCH);
	printf("consumer: libcxlsim %s (headers %s), -EPROBE_DEFER: %s\n", cxlsim_version(), want,
	       cxlsim_strerror(-CXLSIM_EPROBE_DEFER));
	return strcmp(cxlsim_version(), want) == 0 ? 0 : 1;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: tool version. The Makefile passes IPSEC_LATCH_TOOL_VERSION
 * from PACKAGE_VERSION in the top-level dkms.conf; only this file depends on
 * it, so a version bump rebuilds one object.
 */
#include "util.h"

#ifndef IPSEC_LATCH_TOOL_VERSION
#define IPSEC_LATCH_TOOL_VERSION "unknown"
#endif

const char ipl_tool_version[] = IPSEC_LATCH_TOOL_VERSION;

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: subcommand runners. Each returns an enum ipl_exit value
 * and reports its own errors.
 */
#ifndef IPL_CMDS_H
#define IPL_CMDS_H

struct ipl_args;
struct ipl_status;

int cmd_status_show(const struct ipl_args *a);
int cmd_status_reset(const struct ipl_args *a);
int cmd_resolve_list(const struct ipl_args *a);
int cmd_resolve_stats(const struct ipl_args *a);
int cmd_resolve_set(const struct ipl_args *a);
int cmd_monitor(const struct ipl_args *a);
int cmd_version(const struct ipl_args *a);
int cmd_tool_version(const struct ipl_args *a);

/* GET_STATUS round trip shared by status and version; 0 or -1 (reported) */
int ipl_status_fetch(struct ipl_status *st);

#endif /* IPL_CMDS_H */

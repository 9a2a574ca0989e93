// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: switching to a named network namespace, like "ip -n".
 *
 * Only the network namespace changes; unlike "ip netns exec" there is no
 * private mount namespace, since the tool only talks netlink.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netns.h"
#include "util.h"

bool ipl_netns_name_valid(const char *name)
{
	size_t len = strlen(name);

	return len && len < NAME_MAX && !strchr(name, '/') &&
	       strcmp(name, ".") && strcmp(name, "..");
}

int ipl_netns_enter(const char *name)
{
	char path[sizeof(IPL_NETNS_RUN_DIR) + NAME_MAX + 1];
	int fd, err;

	if (!ipl_netns_name_valid(name)) {
		ipl_err("invalid network namespace name '%s'", name);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", IPL_NETNS_RUN_DIR, name);

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			ipl_err("network namespace '%s' does not exist (no %s; see 'ip netns list')",
				name, path);
		else
			ipl_err("cannot open network namespace '%s' (%s): %s",
				name, path, strerror(errno));
		return -1;
	}

	if (setns(fd, CLONE_NEWNET) < 0) {
		err = errno;
		if (err == EINVAL)
			ipl_err("%s is not a network namespace", path);
		else
			ipl_err("cannot enter network namespace '%s': %s%s",
				name, strerror(err),
				err == EPERM ? " (needs CAP_SYS_ADMIN)" : "");
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int ipl_netns_save(void)
{
	int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		ipl_err("cannot open this process's network namespace (/proc/self/ns/net): %s",
			strerror(errno));
	return fd;
}

int ipl_netns_restore(int fd)
{
	struct stat saved, now;

	if (fstat(fd, &saved) == 0 && stat("/proc/self/ns/net", &now) == 0 &&
	    saved.st_dev == now.st_dev && saved.st_ino == now.st_ino)
		return 0;
	if (setns(fd, CLONE_NEWNET) < 0) {
		ipl_err("cannot go back to the network namespace the batch began in: %s",
			strerror(errno));
		return -1;
	}
	return 0;
}

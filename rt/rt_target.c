/*===- rt_target.c - what the output path names, and how to write there ----===
 *
 * A new or regular file is written under a temporary name and renamed over
 * the path (rt_output.c). Everything else is written into, like a shell's
 * `>`, and never unlinked or renamed over: replacing /dev/null with a
 * regular file would break every program on the machine. So a character
 * device, a FIFO or a socket is opened (connected) and written to;
 * /dev/stdout, /dev/fd/N and any symlink to /proc/self/fd/N are this
 * process's descriptor N, written at its current offset like stderr; a
 * block device or a directory is refused.
 *
 * The decision is made on what is opened, not on a name looked at earlier:
 * the symlink chain is followed here, one lstat/readlink at a time, and the
 * node at its end is opened with O_NOFOLLOW and compared with what lstat
 * saw. Each link or special file on the way is checked against the rule of
 * Linux's protected_symlinks/protected_fifos (often off, and never
 * protecting a root that follows someone else's link): in a world-writable
 * sticky directory such as /tmp, one owned by neither us nor the
 * directory's owner was planted and is refused.
 *
 * Only system calls: this runs from the crash and snapshot handlers too.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "rt_control.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* How long the program's exit may wait for a FIFO to get a reader. A
 * reader started next to the program (`cat fifo & prog`) is there in
 * milliseconds; a shell would wait forever, a tracer must not hang the
 * program it traces. */
#define FIFO_WAIT_MS 5000

/* Set while the output is opened early: a refusal is reported when the
 * trace is written, and a FIFO's reader is not waited for. */
static int early;

static enum rt_target_kind refuse(const char *path, const char *why) {
  if (!early)
    rt_warn("the trace output '", path, why);
  return RT_TARGET_REFUSED;
}

/* Copies the directory part of `path` ("." or "/" at least) into dir and
 * returns the last component. */
static const char *split(const char *path, char *dir, size_t cap) {
  const char *slash = strrchr(path, '/');
  size_t n = !slash ? 0 : slash == path ? 1 : (size_t)(slash - path);
  if (!slash)
    dir[n++] = '.';
  else
    memcpy(dir, path, n < cap ? n : cap - 1);
  dir[n < cap ? n : cap - 1] = 0;
  return slash ? slash + 1 : path;
}

/* If `path` names one of this process's descriptors through /proc (what
 * /dev/stdout, /dev/fd/N and /proc/self/fd/N are), returns N, else -1.
 * The directory is canonicalised through an O_PATH descriptor, so every
 * spelling of /proc/self/fd is recognised. */
static int own_fd_number(const char *path) {
  char dir[4096];
  const char *base = split(path, dir, sizeof dir);
  long n = 0;
  const char *p = base;
  for (; *p >= '0' && *p <= '9' && n < 1 << 24; ++p)
    n = n * 10 + (*p - '0');
  if (p == base || *p)
    return -1;
  if (!strcmp(dir, "/proc/self/fd") || !strcmp(dir, "/proc/thread-self/fd") ||
      !strcmp(dir, "/dev/fd"))
    return (int)n;
  int d = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (d < 0)
    return -1;
  char link[48], canon[64], want[48];
  rt_append_u64(link, rt_append(link, 0, sizeof link, "/proc/self/fd/"),
                sizeof link, (uint64_t)d);
  ssize_t k = readlink(link, canon, sizeof canon - 1);
  close(d);
  if (k < 0)
    return -1;
  canon[k] = 0;
  size_t w = rt_append(want, 0, sizeof want, "/proc/");
  w = rt_append(want, rt_append_u64(want, w, sizeof want, (uint64_t)getpid()),
                sizeof want, "/");
  if (strncmp(canon, want, w))
    return -1;
  const char *rest = canon + w; /* "fd", or "task/<tid>/fd" */
  if (!strncmp(rest, "task/", 5)) {
    rest += 5;
    while (*rest >= '0' && *rest <= '9')
      ++rest;
    if (*rest++ != '/')
      return -1;
  }
  return !strcmp(rest, "fd") ? (int)n : -1;
}

/* A link or special file someone else put in a world-writable sticky
 * directory: following it would let them choose where our trace goes. */
static int planted(const char *path, const struct stat *st) {
  char dir[4096];
  struct stat ds;
  split(path, dir, sizeof dir);
  return stat(dir, &ds) == 0 && (ds.st_mode & S_ISVTX) &&
         (ds.st_mode & S_IWOTH) && st->st_uid != geteuid() &&
         st->st_uid != ds.st_uid;
}

static enum rt_target_kind own_descriptor(const char *path, int n, int *fd) {
  int flags = fcntl(n, F_GETFL);
  if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY) {
    char why[96];
    size_t k = rt_append(why, 0, sizeof why, "' is descriptor ");
    k = rt_append_u64(why, k, sizeof why, (uint64_t)n);
    rt_append(why, k, sizeof why,
              ", which is not open for writing; no trace written");
    return refuse(path, why);
  }
  *fd = n;
  return RT_TARGET_DESCRIPTOR;
}

static enum rt_target_kind connect_socket(const char *path, const char *cur,
                                          int *fd) {
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  if (strlen(cur) >= sizeof a.sun_path)
    return refuse(path, "' is a socket whose name is too long to connect "
                        "to; no trace written");
  strcpy(a.sun_path, cur);
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s >= 0 && connect(s, (struct sockaddr *)&a, sizeof a) == 0) {
    *fd = s;
    return RT_TARGET_STREAM;
  }
  if (s >= 0)
    close(s);
  return refuse(path, "' is a socket that accepts no stream connection; no "
                      "trace written");
}

/* Opens the FIFO or device `cur` that lstat described as `st`, or, with
 * st NULL, whatever a /proc link leads to. */
static enum rt_target_kind open_node(const char *path, const char *cur,
                                     const struct stat *st, int *fd) {
  int fifo = st && S_ISFIFO(st->st_mode), d;
  /* O_NONBLOCK: a FIFO without a reader fails (ENXIO) instead of
   * blocking; wait a bounded time for one. */
  for (int waited = 0;; waited += 10) {
    d = open(cur, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC |
                      (st ? O_NOFOLLOW : 0));
    if (d >= 0 || errno != ENXIO || !fifo || early || waited >= FIFO_WAIT_MS)
      break;
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  if (d < 0)
    return refuse(path, errno == ENXIO && fifo
                            ? "' is a FIFO that nobody opened for reading "
                              "within 5 seconds; no trace written"
                        : errno == EACCES ? "' cannot be opened for writing: "
                                            "permission denied"
                        : errno == ELOOP  ? "' was replaced by a symlink while "
                                            "it was opened; no trace written"
                                          : "' cannot be opened for writing; "
                                            "no trace written");
  struct stat now;
  int ok = fstat(d, &now) == 0;
  if (ok && !st && S_ISREG(now.st_mode)) {
    close(d); /* a file behind /proc: written as a new file at `path` */
    return RT_TARGET_FILE;
  }
  if (!ok || (st ? now.st_dev != st->st_dev || now.st_ino != st->st_ino
                 : S_ISBLK(now.st_mode))) {
    close(d);
    return refuse(path, ok && !st ? "' is a block device; no trace written"
                                  : "' was replaced while it was opened; no "
                                    "trace written");
  }
  /* Writes block (a slow reader is waited for) like any `>` output. */
  fcntl(d, F_SETFL, fcntl(d, F_GETFL) & ~O_NONBLOCK);
  *fd = d;
  return RT_TARGET_STREAM;
}

static enum rt_target_kind open_target(const char *path, int *fd) {
  char cur[4096], link[4096], dir[4096];
  *fd = -1;
  if (rt_append(cur, 0, sizeof cur, path) + 1 >= sizeof cur)
    return RT_TARGET_FILE; /* the caller's own checks report it */
  struct stat st;
  for (int hops = 0;; ++hops) {
    int n = own_fd_number(cur);
    if (n >= 0)
      return own_descriptor(path, n, fd);
    /* Missing (or a dangling link): a new file. A path that cannot be
     * looked at is reported by the attempt to create the file. */
    if (lstat(cur, &st) != 0 || S_ISREG(st.st_mode))
      return RT_TARGET_FILE;
    if (!S_ISDIR(st.st_mode) && planted(cur, &st))
      return refuse(path, S_ISLNK(st.st_mode)
                              ? "' is a symlink that another user put in a "
                                "world-writable sticky directory; refusing "
                                "to follow it, no trace written"
                              : "' is a special file that another user put "
                                "in a world-writable sticky directory; "
                                "refusing to write to it, no trace written");
    if (!S_ISLNK(st.st_mode))
      break;
    ssize_t k = readlink(cur, link, sizeof link - 1);
    if (k < 0 || hops == 40)
      return refuse(path, "' is a symlink that cannot be followed; no trace "
                          "written");
    link[k] = 0;
    /* What /proc shows for a pipe, socket or deleted file ("pipe:[42]")
     * is not a path: open through the link itself. */
    if (link[0] != '/' && !strncmp(cur, "/proc/", 6))
      return open_node(path, cur, NULL, fd);
    size_t m = 0;
    if (link[0] != '/') { /* relative to the link's directory */
      split(cur, dir, sizeof dir);
      m = rt_append(cur, 0, sizeof cur, dir);
      m = rt_append(cur, m, sizeof cur, "/");
    }
    if (rt_append(cur, m, sizeof cur, link) + 1 >= sizeof cur)
      return refuse(path, "' is a symlink to a path that is too long; no "
                          "trace written");
  }
  if (S_ISDIR(st.st_mode))
    return refuse(path, "' is a directory; no trace written");
  if (S_ISBLK(st.st_mode))
    return refuse(path, "' is a block device; no trace written");
  if (S_ISSOCK(st.st_mode))
    return connect_socket(path, cur, fd);
  return open_node(path, cur, &st, fd);
}

enum rt_target_kind rt_target_open(const char *path, int *fd, int at_start) {
  early = at_start;
  enum rt_target_kind kind = open_target(path, fd);
  early = 0;
  return kind;
}

/*
 * sh: the AetherOS shell. Interactive on the console (raw mode, with the
 * line editor of lib/tty/lineedit.c: Backspace, Left/Right, Up/Down history,
 * Ctrl-C abandons the line, Ctrl-D exits), or reading a script: `sh FILE
 * [ARG...]`, `sh -c COMMANDS`, or commands on a non-console standard input.
 *
 * Grammar (lib/sh_parse.c): pipelines joined by ; && ||, pipes |,
 * redirections < > >> 2> 2>&1, quoting, $VAR $? $$ $# $0-$9. Builtins: cd,
 * pwd, exit, export, unset, help. Other commands are looked up in $PATH and
 * started with spawn; while they run the console is in cooked mode, so Ctrl-C
 * stops the foreground program (the kernel signals it), never the shell.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"
#include "tty/lineedit.h"
#include "ulib.h"

extern char **environ;

static bool interactive; /* console in raw mode between commands */
static bool exiting;
static int exit_status;

/* ---------------------------------------------------------------- builtins */

static void say(int fd, const char *s)
{
	ul_write_all(fd, s, strlen(s));
}

static int err_msg(const char *a, const char *b)
{
	fprintf(stderr, "sh: %s%s%s\n", a, b ? ": " : "", b ? b : "");
	return 1;
}

static int bi_cd(struct sh_cmd *c, int out)
{
	(void)out;
	const char *dir = c->argc > 1 ? c->argv[1] : sh_var_get("HOME");
	if (c->argc > 2)
		return err_msg("cd", "too many arguments");
	if (!dir || !*dir)
		dir = "/";
	int rc = ae_chdir(dir);
	if (rc < 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(-rc));
		return 1;
	}
	char cwd[AE_PATH_MAX];
	if (ae_getcwd(cwd, sizeof(cwd)) > 0)
		sh_var_set("PWD", cwd, true);
	return 0;
}

static int bi_pwd(struct sh_cmd *c, int out)
{
	(void)c;
	char cwd[AE_PATH_MAX];
	int rc = ae_getcwd(cwd, sizeof(cwd));
	if (rc < 0)
		return err_msg("pwd", strerror(-rc));
	say(out, cwd);
	say(out, "\n");
	return 0;
}

static int bi_exit(struct sh_cmd *c, int out)
{
	(void)out;
	unsigned long n = (unsigned long)sh_params.status;
	if (c->argc > 1 && !ul_parse_uint(c->argv[1], &n)) {
		err_msg("exit", "numeric argument required");
		n = 2;
	}
	exiting = true;
	exit_status = (int)(n & 0xff);
	return exit_status;
}

static int bi_export(struct sh_cmd *c, int out)
{
	if (c->argc == 1) {
		char **env = sh_var_environ();
		for (char **e = env; e && *e; e++) {
			say(out, "export ");
			say(out, *e);
			say(out, "\n");
			free(*e);
		}
		free(env);
		return 0;
	}
	int status = 0;
	for (int i = 1; i < c->argc; i++) {
		char *eq = strchr(c->argv[i], '=');
		size_t len = eq ? (size_t)(eq - c->argv[i]) : strlen(c->argv[i]);
		if (!sh_valid_name(c->argv[i], len)) {
			fprintf(stderr, "sh: export: '%s': not a valid identifier\n", c->argv[i]);
			status = 1;
			continue;
		}
		if (eq) {
			*eq = '\0';
			sh_var_set(c->argv[i], eq + 1, true);
			*eq = '=';
		} else {
			sh_var_export(c->argv[i]);
		}
	}
	return status;
}

static int bi_unset(struct sh_cmd *c, int out)
{
	(void)out;
	for (int i = 1; i < c->argc; i++)
		sh_var_unset(c->argv[i]);
	return 0;
}

static int bi_help(struct sh_cmd *c, int out)
{
	(void)c;
	say(out, "AetherOS shell. Every program is VELA bytecode, translated and guarded by the "
		 "kernel.\n"
		 "  a; b   a && b   a || b   a | b   < in   > out   >> out   2> err   2>&1\n"
		 "  'quoted' \"$VAR expanded\"   $?  $$  $0..$9   NAME=value   # comment\n"
		 "builtins: cd [DIR]  pwd  exit [N]  export [NAME[=VALUE]...]  unset NAME  help\n"
		 "programs in /bin: ls cat echo mkdir rmdir rm mv cp ps kill wc grep head tail\n"
		 "  hexdump sha256sum uname sleep date true false verify caps sh\n"
		 "keys: Left/Right, Up/Down (history), Backspace, Ctrl-C (stop), Ctrl-D (exit)\n");
	return 0;
}

static const struct builtin {
	const char *name;
	int (*fn)(struct sh_cmd *c, int out);
} builtins[] = {
    {"cd", bi_cd},	   {"pwd", bi_pwd},	{"exit", bi_exit},
    {"export", bi_export}, {"unset", bi_unset}, {"help", bi_help},
};

static const struct builtin *find_builtin(const char *name)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strcmp(builtins[i].name, name) == 0)
			return &builtins[i];
	return NULL;
}

/* ---------------------------------------------------------------- running */

/* the program for a command name: a path as given, else the first $PATH hit */
static int resolve(const char *name, char *out, size_t cap)
{
	struct ae_stat st;
	if (strchr(name, '/')) {
		int rc = ae_stat(name, &st);
		if (rc < 0)
			return rc;
		if ((st.mode & AE_S_IFMT) == AE_S_IFDIR)
			return -EISDIR;
		/* spawn gets an absolute path: the kernel's directory is not the shell's */
		char cwd[AE_PATH_MAX];
		if (name[0] == '/' || ae_getcwd(cwd, sizeof(cwd)) < 0)
			snprintf(out, cap, "%s", name);
		else if ((size_t)snprintf(out, cap, "%s%s%s", cwd, strcmp(cwd, "/") ? "/" : "",
					  name) >= cap)
			return -ENAMETOOLONG;
		return 0;
	}
	const char *path = sh_var_get("PATH");
	if (!path)
		path = "/bin";
	while (*path) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);
		if ((size_t)snprintf(out, cap, "%.*s/%s", (int)len, path, name) < cap &&
		    ae_stat(out, &st) == 0 && (st.mode & AE_S_IFMT) != AE_S_IFDIR)
			return 0;
		path += len + (colon ? 1 : 0);
	}
	return -ENOENT;
}

static int open_redirs(struct sh_cmd *c, int fds[3])
{
	if (c->in) {
		fds[0] = open(c->in, O_RDONLY);
		if (fds[0] < 0)
			return err_msg(c->in, strerror(errno));
	}
	if (c->out) {
		int fl = O_WRONLY | O_CREAT | (c->append ? O_APPEND : O_TRUNC);
		fds[1] = open(c->out, fl, 0644);
		if (fds[1] < 0)
			return err_msg(c->out, strerror(errno));
	}
	if (c->err) {
		fds[2] = open(c->err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fds[2] < 0)
			return err_msg(c->err, strerror(errno));
	}
	if (c->err_to_out)
		fds[2] = fds[1];
	return 0;
}

static void close_fd(int fd, const int keep[3])
{
	if (fd > 2 && fd != keep[0] && fd != keep[1] && fd != keep[2])
		close(fd);
}

static void close_fds(int fds[3], const int base[3])
{
	for (int i = 0; i < 3; i++) {
		if (fds[i] != base[i] && fds[i] > 2) {
			int fd = fds[i];
			for (int k = i; k < 3; k++)
				if (fds[k] == fd)
					fds[k] = base[k];
			close(fd);
		}
	}
}

/* environment for a child: the exported variables plus the command's assignments */
static char **child_env(struct sh_cmd *c)
{
	char **env = sh_var_environ();
	if (!env || c->nassign == 0)
		return env;
	size_t n = 0;
	while (env[n])
		n++;
	char **e = realloc(env, (n + (size_t)c->nassign + 1) * sizeof(char *));
	if (!e)
		return env;
	for (int i = 0; i < c->nassign; i++) {
		size_t nl = (size_t)(strchr(c->assign[i], '=') - c->assign[i]) + 1;
		size_t k = 0;
		while (k < n && strncmp(e[k], c->assign[i], nl) != 0)
			k++;
		char *dup = strdup(c->assign[i]);
		if (!dup)
			continue;
		if (k < n) {
			free(e[k]);
			e[k] = dup;
		} else {
			e[n++] = dup;
		}
	}
	e[n] = NULL;
	return e;
}

static void free_env(char **env)
{
	for (char **e = env; e && *e; e++)
		free(*e);
	free(env);
}

/* start one command; pid > 0 of a child, or -1 with *status set (builtin, error) */
static int start(struct sh_cmd *c, const int io[3], int *status)
{
	int fds[3] = {io[0], io[1], io[2]};
	if (open_redirs(c, fds)) {
		close_fds(fds, io);
		*status = 1;
		return -1;
	}
	if (c->argc == 0) {
		for (int i = 0; i < c->nassign; i++) {
			char *eq = strchr(c->assign[i], '=');
			*eq = '\0';
			sh_var_set(c->assign[i], eq + 1, false);
			*eq = '=';
		}
		close_fds(fds, io);
		*status = 0;
		return -1;
	}
	const struct builtin *b = find_builtin(c->argv[0]);
	if (b) {
		fflush(stdout);
		*status = b->fn(c, fds[1]);
		close_fds(fds, io);
		return -1;
	}
	char path[AE_PATH_MAX];
	int rc = resolve(c->argv[0], path, sizeof(path));
	if (rc < 0) {
		if (rc == -ENOENT && !strchr(c->argv[0], '/'))
			err_msg(c->argv[0], "command not found");
		else
			err_msg(c->argv[0], strerror(-rc));
		close_fds(fds, io);
		*status = rc == -ENOENT ? 127 : 126;
		return -1;
	}
	char **env = child_env(c);
	int pid = ae_spawn(path, c->argv, env, fds);
	free_env(env);
	close_fds(fds, io);
	if (pid < 0) {
		err_msg(c->argv[0], strerror(-pid));
		*status = 126;
		return -1;
	}
	return pid;
}

static int run_pipeline(struct sh_pipeline *p)
{
	static const int console[3] = {0, 1, 2};
	int pids[SH_MAX_CMDS], npids = 0, last = 0, status = 0;
	int in = 0;
	bool cooked = false;
	for (int i = 0; i < p->n; i++) {
		int pfd[2] = {-1, -1};
		if (i + 1 < p->n) {
			int rc = ae_pipe(pfd);
			if (rc < 0) {
				err_msg("pipe", strerror(-rc));
				status = 1;
				close_fd(in, console);
				break;
			}
		}
		int io[3] = {in, pfd[1] >= 0 ? pfd[1] : 1, 2};
		if (interactive && !cooked && p->cmd[i].argc > 0 &&
		    !find_builtin(p->cmd[i].argv[0])) {
			ul_tty_mode(false);
			cooked = true;
		}
		int st = 0;
		int pid = start(&p->cmd[i], io, &st);
		close_fd(in, console);
		close_fd(pfd[1], console);
		in = pfd[0] >= 0 ? pfd[0] : 0;
		if (pid > 0) {
			pids[npids++] = pid;
			last = i == p->n - 1 ? pid : last;
		} else if (i == p->n - 1) {
			status = st;
		}
	}
	for (int k = 0; k < npids; k++) {
		int st = 0;
		int rc;
		do
			rc = ae_waitpid(pids[k], &st, 0);
		while (rc == -EINTR);
		if (pids[k] == last) {
			status = ul_exit_code(st);
			if (ul_signaled(st) && ul_exit_code(st) != 128 + AE_SIGINT)
				fprintf(
				    stderr, "sh: %s: %s (status %d)\n", p->cmd[p->n - 1].argv[0],
				    ul_exit_code(st) >= 128 + 64 ? "stopped by a trap" : "killed",
				    ul_exit_code(st));
		}
	}
	if (cooked)
		ul_tty_mode(true);
	return status;
}

/* run one line: pipelines joined by ; && || */
static void run_line(const char *line)
{
	size_t pos = 0;
	enum sh_sep prev = SH_SEP_SEMI;
	while (!exiting) {
		struct sh_pipeline p;
		char err[128];
		int rc = sh_parse_pipeline(line, &pos, &p, err, sizeof(err));
		if (rc < 0) {
			err_msg(err, NULL);
			sh_params.status = 2;
			return;
		}
		if (rc == 0) {
			if (prev == SH_SEP_AND || prev == SH_SEP_OR) {
				err_msg("syntax error: a command is missing after '&&' or '||'",
					NULL);
				sh_params.status = 2;
			}
			return;
		}
		bool run = prev == SH_SEP_SEMI || (prev == SH_SEP_AND && sh_params.status == 0) ||
			   (prev == SH_SEP_OR && sh_params.status != 0);
		if (run) {
			fflush(stdout);
			sh_params.status = run_pipeline(&p);
		}
		prev = p.sep;
		sh_pipeline_free(&p);
		if (prev == SH_SEP_END)
			return;
	}
}

/* ---------------------------------------------------------------- input */

static void edit_out(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	ul_write_all(1, s, n);
}

static void prompt(void)
{
	char cwd[AE_PATH_MAX];
	if (ae_getcwd(cwd, sizeof(cwd)) < 0)
		strcpy(cwd, "?");
	char buf[AE_PATH_MAX + 8];
	snprintf(buf, sizeof(buf), "%s $ ", cwd);
	say(1, buf);
}

static int interactive_loop(void)
{
	static struct lineedit ed;
	static unsigned char in[256];
	static size_t in_pos, in_len;
	lineedit_init(&ed, edit_out, NULL);
	while (!exiting) {
		prompt();
		lineedit_begin(&ed);
		enum lineedit_result r = LINEEDIT_MORE;
		while (r == LINEEDIT_MORE) {
			if (in_pos == in_len) {
				ssize_t n = read(0, in, sizeof(in));
				if (n < 0 && errno == EINTR)
					continue;
				if (n <= 0) {
					r = LINEEDIT_EOF;
					break;
				}
				in_pos = 0;
				in_len = (size_t)n;
			}
			r = lineedit_feed(&ed, in[in_pos++]);
		}
		if (r == LINEEDIT_EOF) {
			say(1, "exit\n");
			break;
		}
		if (r == LINEEDIT_INTERRUPT) {
			sh_params.status = 130;
			continue;
		}
		run_line(lineedit_line(&ed));
	}
	ul_tty_mode(false);
	return exiting ? exit_status : 0;
}

static int script_loop(int fd)
{
	struct ul_lines r;
	ul_lines_init(&r, fd);
	size_t len;
	int rc;
	while (!exiting && (rc = ul_lines_next(&r, &len)) > 0)
		run_line(r.line);
	ul_lines_free(&r);
	return exiting ? exit_status : sh_params.status;
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	sh_var_import(environ);
	if (!sh_var_get("PATH"))
		sh_var_set("PATH", "/bin", true);
	if (!sh_var_get("HOME"))
		sh_var_set("HOME", "/", true);
	sh_params.pid = ae_getpid();
	sh_params.argc = argc;
	sh_params.argv = argv;
	if (argc > 2 && strcmp(argv[1], "-c") == 0) {
		sh_params.argc = argc - 2;
		sh_params.argv = argv + 2;
		run_line(argv[2]);
		return exiting ? exit_status : sh_params.status;
	}
	if (argc > 1) {
		int fd = open(argv[1], O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
			return 127;
		}
		sh_params.argc = argc - 1;
		sh_params.argv = argv + 1;
		int rc = script_loop(fd);
		close(fd);
		return rc;
	}
	struct stat st;
	if (fstat(0, &st) == 0 && S_ISCHR(st.st_mode) && ul_tty_mode(true)) {
		interactive = true;
		ul_tty_ignore_interrupt();
		return interactive_loop();
	}
	return script_loop(0);
}

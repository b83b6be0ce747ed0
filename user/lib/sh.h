/*
 * The shell's parser and variables (sh_parse.c), used by user/cmd/sh.c.
 *
 * A line is a list of pipelines joined by `;`, `&&` and `||`. Each pipeline is
 * parsed and expanded only when it is about to run, so `X=1; echo $X` and
 * `false; echo $?` see the effects of what ran before them.
 */
#ifndef USER_SH_H
#define USER_SH_H

#include <stdbool.h>
#include <stddef.h>

#define SH_MAX_CMDS  8
#define SH_MAX_WORDS 64

enum sh_sep {
	SH_SEP_END,  /* end of the line */
	SH_SEP_SEMI, /* ; */
	SH_SEP_AND,  /* && */
	SH_SEP_OR,   /* || */
};

struct sh_cmd {
	char *argv[SH_MAX_WORDS + 1]; /* the words, NULL-terminated */
	int argc;
	char *assign[SH_MAX_WORDS]; /* NAME=VALUE words before the command name */
	int nassign;
	char *in, *out, *err; /* redirection targets or NULL */
	bool append;	      /* >> */
	bool err_to_out;      /* 2>&1 */
};

struct sh_pipeline {
	struct sh_cmd cmd[SH_MAX_CMDS];
	int n;
	enum sh_sep sep; /* what ended it */
};

/* Variables: the shell's table, some of them exported to children. */
const char *sh_var_get(const char *name);
int sh_var_set(const char *name, const char *value, bool exported);
void sh_var_unset(const char *name);
void sh_var_export(const char *name);
/* "NAME=VALUE" strings of the exported variables, NULL-terminated (malloc'ed). */
char **sh_var_environ(void);
void sh_var_import(char **environ);
bool sh_valid_name(const char *s, size_t len);

/* Special parameters the expansion reads: $?, $$, $0..$9, $#. */
struct sh_params {
	int status, pid;
	int argc;
	char **argv;
};
extern struct sh_params sh_params;

/*
 * Parses the pipeline at *pos in line, expanding quotes and variables; on
 * return *pos is past its separator. Returns 1 with a pipeline, 0 at the end
 * of the line (nothing left), -1 on a syntax error (message in err).
 * The words live until sh_pipeline_free.
 */
int sh_parse_pipeline(const char *line, size_t *pos, struct sh_pipeline *p, char *err,
		      size_t errcap);
void sh_pipeline_free(struct sh_pipeline *p);

#endif

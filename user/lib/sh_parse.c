/*
 * The shell's lexer, parser and expansion (sh.h): words with '...', "..." and
 * backslash quoting, $NAME ${NAME} $? $$ $# $0-$9 (no field splitting: an
 * expanded value stays one word), # comments, the operators ; && || | and the
 * redirections < > >> 2> 2>&1.
 */
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sh_params sh_params;

struct var {
	char *name, *value;
	bool exported;
};
static struct var *vars;
static size_t nvars, capvars;

bool sh_valid_name(const char *s, size_t len)
{
	if (len == 0 || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

static struct var *var_find(const char *name)
{
	for (size_t i = 0; i < nvars; i++)
		if (strcmp(vars[i].name, name) == 0)
			return &vars[i];
	return NULL;
}

const char *sh_var_get(const char *name)
{
	struct var *v = var_find(name);
	return v ? v->value : NULL;
}

int sh_var_set(const char *name, const char *value, bool exported)
{
	struct var *v = var_find(name);
	char *nv = strdup(value);
	if (!nv)
		return -1;
	if (v) {
		free(v->value);
		v->value = nv;
		v->exported |= exported;
		return 0;
	}
	if (nvars == capvars) {
		size_t nc = capvars ? capvars * 2 : 16;
		struct var *n = realloc(vars, nc * sizeof(*n));
		if (!n) {
			free(nv);
			return -1;
		}
		vars = n;
		capvars = nc;
	}
	vars[nvars].name = strdup(name);
	if (!vars[nvars].name) {
		free(nv);
		return -1;
	}
	vars[nvars].value = nv;
	vars[nvars].exported = exported;
	nvars++;
	return 0;
}

void sh_var_unset(const char *name)
{
	struct var *v = var_find(name);
	if (!v)
		return;
	free(v->name);
	free(v->value);
	*v = vars[--nvars];
}

void sh_var_export(const char *name)
{
	struct var *v = var_find(name);
	if (v)
		v->exported = true;
	else
		sh_var_set(name, "", true);
}

char **sh_var_environ(void)
{
	char **env = calloc(nvars + 1, sizeof(char *));
	size_t n = 0;
	if (!env)
		return NULL;
	for (size_t i = 0; i < nvars; i++) {
		if (!vars[i].exported)
			continue;
		size_t len = strlen(vars[i].name) + strlen(vars[i].value) + 2;
		env[n] = malloc(len);
		if (!env[n])
			break;
		snprintf(env[n], len, "%s=%s", vars[i].name, vars[i].value);
		n++;
	}
	return env;
}

void sh_var_import(char **env)
{
	for (; env && *env; env++) {
		const char *eq = strchr(*env, '=');
		if (!eq || !sh_valid_name(*env, (size_t)(eq - *env)))
			continue;
		char name[128];
		size_t len = (size_t)(eq - *env);
		if (len >= sizeof(name))
			continue;
		memcpy(name, *env, len);
		name[len] = '\0';
		sh_var_set(name, eq + 1, true);
	}
}

/* ---------------------------------------------------------------- words */

struct str {
	char *p;
	size_t len, cap;
	bool oom;
};

static void str_add(struct str *s, const char *p, size_t n)
{
	if (s->oom)
		return;
	if (s->len + n + 1 > s->cap) {
		size_t nc = s->cap ? s->cap : 32;
		while (nc < s->len + n + 1)
			nc *= 2;
		char *np = realloc(s->p, nc);
		if (!np) {
			s->oom = true;
			return;
		}
		s->p = np;
		s->cap = nc;
	}
	memcpy(s->p + s->len, p, n);
	s->len += n;
	s->p[s->len] = '\0';
}

static void str_addc(struct str *s, char c)
{
	str_add(s, &c, 1);
}

static bool is_name_char(char c, bool first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (!first && c >= '0' && c <= '9');
}

/* $... at line[*i] (line[*i] == '$'): append the value, advance *i */
static void expand_dollar(const char *line, size_t *i, struct str *w)
{
	size_t j = *i + 1;
	char c = line[j];
	char num[24];
	if (c == '?' || c == '$' || c == '#') {
		int v = c == '?' ? sh_params.status : c == '$' ? sh_params.pid : sh_params.argc - 1;
		snprintf(num, sizeof(num), "%d", v < 0 ? 0 : v);
		str_add(w, num, strlen(num));
		*i = j + 1;
		return;
	}
	if (c >= '0' && c <= '9') {
		int k = c - '0';
		if (k < sh_params.argc && sh_params.argv[k])
			str_add(w, sh_params.argv[k], strlen(sh_params.argv[k]));
		*i = j + 1;
		return;
	}
	bool brace = c == '{';
	if (brace)
		j++;
	size_t start = j;
	while (is_name_char(line[j], j == start))
		j++;
	if (j == start || (brace && line[j] != '}')) {
		str_addc(w, '$'); /* not a parameter: a literal dollar */
		*i = *i + 1;
		return;
	}
	char name[128];
	size_t len = j - start < sizeof(name) - 1 ? j - start : sizeof(name) - 1;
	memcpy(name, line + start, len);
	name[len] = '\0';
	const char *v = sh_var_get(name);
	if (v)
		str_add(w, v, strlen(v));
	*i = brace ? j + 1 : j;
}

static bool is_op_char(char c)
{
	return c == ';' || c == '&' || c == '|' || c == '<' || c == '>';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* one word at line[*i] (not a space or operator); NULL and err on error */
static char *lex_word(const char *line, size_t *i, char *err, size_t errcap)
{
	struct str w = {NULL, 0, 0, false};
	str_add(&w, "", 0);
	size_t k = *i;
	while (line[k] && !is_space(line[k]) && !is_op_char(line[k])) {
		char c = line[k];
		if (c == '\\') {
			if (line[k + 1])
				str_addc(&w, line[k + 1]);
			k += line[k + 1] ? 2 : 1;
		} else if (c == '\'') {
			const char *end = strchr(line + k + 1, '\'');
			if (!end) {
				snprintf(err, errcap, "syntax error: unterminated quote");
				free(w.p);
				return NULL;
			}
			str_add(&w, line + k + 1, (size_t)(end - (line + k + 1)));
			k = (size_t)(end - line) + 1;
		} else if (c == '"') {
			k++;
			while (line[k] && line[k] != '"') {
				if (line[k] == '\\' && line[k + 1] &&
				    strchr("\"\\$`", line[k + 1])) {
					str_addc(&w, line[k + 1]);
					k += 2;
				} else if (line[k] == '$') {
					expand_dollar(line, &k, &w);
				} else {
					str_addc(&w, line[k++]);
				}
			}
			if (line[k] != '"') {
				snprintf(err, errcap, "syntax error: unterminated quote");
				free(w.p);
				return NULL;
			}
			k++;
		} else if (c == '$') {
			expand_dollar(line, &k, &w);
		} else {
			str_addc(&w, c);
			k++;
		}
	}
	*i = k;
	if (w.oom) {
		snprintf(err, errcap, "out of memory");
		free(w.p);
		return NULL;
	}
	return w.p;
}

void sh_pipeline_free(struct sh_pipeline *p)
{
	for (int c = 0; c < p->n; c++) {
		struct sh_cmd *cmd = &p->cmd[c];
		for (int i = 0; i < cmd->argc; i++)
			free(cmd->argv[i]);
		for (int i = 0; i < cmd->nassign; i++)
			free(cmd->assign[i]);
		free(cmd->in);
		free(cmd->out);
		free(cmd->err);
	}
	memset(p, 0, sizeof(*p));
}

static int fail(struct sh_pipeline *p, char *err, size_t errcap, const char *msg)
{
	if (msg)
		snprintf(err, errcap, "%s", msg);
	sh_pipeline_free(p);
	return -1;
}

/* a redirection target after an operator */
static char *lex_target(const char *line, size_t *i, char *err, size_t errcap)
{
	while (line[*i] == ' ' || line[*i] == '\t')
		(*i)++;
	if (!line[*i] || is_op_char(line[*i]) || line[*i] == '\n' || line[*i] == '#') {
		snprintf(err, errcap, "syntax error: a redirection needs a file name");
		return NULL;
	}
	return lex_word(line, i, err, errcap);
}

int sh_parse_pipeline(const char *line, size_t *pos, struct sh_pipeline *p, char *err,
		      size_t errcap)
{
	memset(p, 0, sizeof(*p));
	size_t i = *pos;
	struct sh_cmd *cmd = &p->cmd[0];
	p->n = 1;
	bool any = false; /* anything in the current command */
	for (;;) {
		while (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n')
			i++;
		char c = line[i];
		if (c == '\0' || c == '#') {
			p->sep = SH_SEP_END;
			while (line[i])
				i++;
			break;
		}
		if (c == ';' || (c == '&' && line[i + 1] == '&') ||
		    (c == '|' && line[i + 1] == '|')) {
			p->sep = c == ';' ? SH_SEP_SEMI : c == '&' ? SH_SEP_AND : SH_SEP_OR;
			i += c == ';' ? 1 : 2;
			if (!any && p->n == 1) {
				*pos = i;
				return fail(p, err, errcap, "syntax error near ';', '&&' or '||'");
			}
			break;
		}
		if (c == '&')
			return fail(p, err, errcap, "background jobs (&) are not supported");
		if (c == '|') {
			if (!any)
				return fail(p, err, errcap, "syntax error near '|'");
			if (p->n == SH_MAX_CMDS)
				return fail(p, err, errcap, "pipeline too long");
			cmd = &p->cmd[p->n++];
			any = false;
			i++;
			continue;
		}
		char **target = NULL;
		if (c == '<') {
			target = &cmd->in;
			i++;
		} else if (c == '>') {
			target = &cmd->out;
			cmd->append = line[i + 1] == '>';
			i += cmd->append ? 2 : 1;
		} else if (c == '2' && line[i + 1] == '>') {
			if (line[i + 2] == '&' && line[i + 3] == '1') {
				cmd->err_to_out = true;
				i += 4;
				any = true;
				continue;
			}
			target = &cmd->err;
			i += 2;
		}
		if (target) {
			char *t = lex_target(line, &i, err, errcap);
			if (!t)
				return fail(p, err, errcap, NULL);
			free(*target);
			*target = t;
			any = true;
			continue;
		}
		/* an assignment before the command name? */
		size_t n = 0;
		while (is_name_char(line[i + n], n == 0))
			n++;
		bool assign = cmd->argc == 0 && n > 0 && line[i + n] == '=';
		char *w = lex_word(line, &i, err, errcap);
		if (!w)
			return fail(p, err, errcap, NULL);
		if (assign ? cmd->nassign == SH_MAX_WORDS : cmd->argc == SH_MAX_WORDS) {
			free(w);
			return fail(p, err, errcap, "too many words");
		}
		if (assign)
			cmd->assign[cmd->nassign++] = w;
		else
			cmd->argv[cmd->argc++] = w;
		any = true;
	}
	*pos = i;
	if (!any) {
		if (p->n > 1)
			return fail(p, err, errcap,
				    "syntax error: a pipe needs a command after it");
		sh_pipeline_free(p);
		return 0;
	}
	return 1;
}

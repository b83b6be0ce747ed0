/*
 * A wasm32-wasi program adopts the working directory its parent exported in
 * $PWD (see ae_chdir in sys_wasm.c). Linked only into programs that hold
 * FS_READ: wasi-libc's chdir checks the directory with path_filestat_get, the
 * stat system call, and the kernel refuses to load a program whose code makes
 * a proven system call it has no capability for. The programs without
 * capabilities (true, echo, date...) never resolve a path, so they need no
 * working directory (mk/user.mk, USER_CAPS_NONE).
 */
#include <stdlib.h>
#include <unistd.h>

__attribute__((constructor)) static void cwd_inherit(void)
{
	const char *pwd = getenv("PWD");
	if (pwd && pwd[0] == '/')
		chdir(pwd);
}

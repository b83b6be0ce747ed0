/* files: write, read, stat, rename and remove files through WASI on AetherOS syscalls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
  FILE *f = fopen("fio_test.txt", "w");
  if (!f) { perror("fopen w"); return 1; }
  for (int i = 0; i < 5; i++) fprintf(f, "line %d: %d\n", i, i * i);
  fclose(f);
  f = fopen("fio_test.txt", "r");
  if (!f) { perror("fopen r"); return 1; }
  char buf[100]; int n = 0;
  while (fgets(buf, sizeof buf, f)) { n++; fputs(buf, stdout); }
  fclose(f);
  struct stat st; if (stat("fio_test.txt", &st) == 0) printf("size %ld\n", (long)st.st_size);
  mkdir("fio_dir", 0755);
  rename("fio_test.txt", "fio_dir/moved.txt");
  printf("moved exists: %d\n", access("fio_dir/moved.txt", 0) == 0);
  unlink("fio_dir/moved.txt"); rmdir("fio_dir");
  printf("lines %d, dir gone: %d\n", n, access("fio_dir", 0) != 0);
  return 0;
}

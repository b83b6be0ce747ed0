/* wc: count lines, words and bytes of standard input, plus a letter histogram. */
#include <ctype.h>
#include <stdio.h>

int main(void)
{
	long lines = 0, words = 0, bytes = 0, letters[26] = {0};
	int c, inword = 0;
	while ((c = getchar()) != EOF) {
		bytes++;
		if (c == '\n')
			lines++;
		if (isspace(c)) {
			inword = 0;
		} else if (!inword) {
			inword = 1;
			words++;
		}
		if (isalpha(c))
			letters[tolower(c) - 'a']++;
	}
	printf("%ld %ld %ld\n", lines, words, bytes);
	for (int i = 0; i < 26; i++)
		if (letters[i])
			printf("%c:%ld ", 'a' + i, letters[i]);
	printf("\n");
	return 0;
}

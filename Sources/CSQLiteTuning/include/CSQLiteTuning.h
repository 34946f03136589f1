#ifndef CSQLITETUNING_H
#define CSQLITETUNING_H

/// Turns off SQLite's memory-usage statistics, which take a global mutex on every allocation. Must run before
/// SQLite initialises (before the first connection opens); later calls change nothing. Returns SQLite's result code.
int regulars_sqlite_disable_memory_statistics(void);

#endif

#include <sqlite3.h>
#include "CSQLiteTuning.h"

// sqlite3_config is variadic, so Swift cannot call it: this is the whole reason for this C file.
int regulars_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

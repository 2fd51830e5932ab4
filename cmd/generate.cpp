// Hidden `motcua generate` placeholder (completions and man pages follow).
#include "commands.hpp"
namespace motcua::cli {
void add_generate_commands(CLI::App&, Context&) {}
}

#include <iostream>
#include "util/version.hpp"
int main() { std::cout << motcua::k_version << "\n"; }

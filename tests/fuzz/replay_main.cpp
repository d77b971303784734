// Runs a libFuzzer target without libFuzzer, for the test suite: every file of the corpus
// directories given, then a fixed number of seeded mutations of each (bytes flipped,
// inserted, deleted, duplicated; cut short), all under the build's sanitizers. A crash,
// a sanitizer report or an escaped exception fails the test. scripts/fuzz.sh runs the same
// targets under libFuzzer (clang) for as long as it is given.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

// Mutations of each corpus file unless --mutations=N says otherwise (slow parsers take fewer).
constexpr int kDefaultMutations = 300;

void run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

std::string mutated(std::string input, std::mt19937& random) {
  const int edits = 1 + static_cast<int>(random() % 4);
  for (int e = 0; e < edits; ++e) {
    const std::size_t at = input.empty() ? 0 : random() % input.size();
    switch (random() % 6) {
      case 0:
        if (!input.empty()) input[at] = static_cast<char>(random() % 256);
        break;
      case 1: input.insert(input.begin() + static_cast<long>(at), static_cast<char>(random() % 256)); break;
      case 2:
        if (!input.empty()) input.erase(at, 1 + random() % 8);
        break;
      case 3: input.insert(at, input.substr(at, 1 + random() % 16)); break;
      case 4: input.resize(at); break;
      default: {
        // Characters that parsers treat specially.
        static const char* kSpecial[] = {"{",
                                         "}",
                                         "[",
                                         "]",
                                         "\"",
                                         "\\",
                                         ",",
                                         ":",
                                         "\n",
                                         "=",
                                         "'",
                                         "\\u0000",
                                         "\xE2\x80\xAE",
                                         "%",
                                         "9999999999999999999999",
                                         "-",
                                         ".",
                                         "#"};
        input.insert(at, kSpecial[random() % std::size(kSpecial)]);
      }
    }
  }
  return input;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t files = 0;
  int mutations = kDefaultMutations;
  std::mt19937 random(20261205);
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument.starts_with("--mutations=")) {
      mutations = std::stoi(argument.substr(12));
      continue;
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(argument)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string input{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      run(input);
      for (int m = 0; m < mutations; ++m) run(mutated(input, random));
      ++files;
    }
  }
  std::printf("%zu corpus files, %d mutations each: no crash\n", files, mutations);
  return files == 0 ? 1 : 0;  // an empty corpus is a mistake, not a pass
}

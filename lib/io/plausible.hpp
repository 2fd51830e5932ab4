#pragma once
// Is decoded text plausible Vietnamese? A legacy file read in the wrong legacy encoding still
// decodes (every byte means something), but into words no Vietnamese syllable can be: this is
// what tells "Nguyễn" from "Nguyeãn" or "Nguyeón" before anything is stored.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/decode.hpp"
#include "util/error.hpp"

namespace motcua {

// One word (NFC UTF-8, any case) is a Vietnamese syllable: an onset, a vowel nucleus of the
// alphabet's vowels, a coda, at most one tone and on a vowel, and a stop coda (c, ch, p, t)
// only with the acute or dot-below tone. Words of plain ASCII are not judged (true).
bool plausible_syllable(std::string_view word);

// The text's words with a letter beyond ASCII, and how many of those are syllables.
struct Plausibility {
  std::uint64_t judged = 0;
  std::uint64_t syllables = 0;
  std::uint64_t first_bad_line = 0; // 1-based; 0 while every judged word was a syllable
  std::string first_bad_text;       // that line, clipped
  // syllables / judged, 1 when nothing was judged (plain ASCII reads the same in every encoding).
  double score() const;
  // Under this share the text is refused as garbled.
  static constexpr double k_threshold = 0.75;
  bool plausible() const { return score() >= k_threshold; }
};

// Scores decoded text fed in chunks of any size, line by line.
class PlausibilityCheck {
public:
  void add(std::string_view decoded);
  // Scores the last line if it had no line break; the result.
  const Plausibility& finish();
  const Plausibility& result() const { return m_result; }

private:
  // Scores one whole line (without its line break).
  void line(std::string_view text);
  Plausibility m_result;
  std::uint64_t m_line = 1;
  std::string m_partial;
};

// Scores whole text.
Plausibility score_text(std::string_view decoded);

// One encoding a sample was tried in: its score and the sample line as it decodes.
struct EncodingCandidate {
  Encoding encoding = Encoding::utf8;
  double score = 0;
  bool decodes = false; // false: the sample has bytes that are no character in it
  std::string sample;
};

// The first line (1-based) of raw bytes with a byte beyond ASCII, 1 if none.
std::uint64_t first_line_beyond_ascii(std::string_view raw);

// The sample (raw bytes) decoded in utf-8 and every legacy encoding, best first (ties in the
// order of legacy_encodings()); `sample_line` (1-based; 0: the first line beyond ASCII) of
// each decoding is its sample.
std::vector<EncodingCandidate> rank_encodings(std::string_view raw, std::uint64_t sample_line);

// "vni (0.98: «Nguyễn Văn Hùng»), tcvn (0.10: …), …": the ranking for messages.
std::string describe_ranking(const std::vector<EncodingCandidate>& ranking);

} // namespace motcua

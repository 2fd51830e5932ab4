#include "io/plausible.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utf8proc.h>

namespace motcua {

namespace {

// Letters of a syllable reduced to one byte each: vowels with their shape get a digit
// (ă 1, â 2, ê 3, ô 4, ơ 5, ư 6), đ is 'D', the other letters are themselves.
constexpr std::array<std::string_view, 28> k_onsets = {"",   "b",  "c", "ch", "d",  "D",  "g",   "gh", "gi", "h",
                                                       "k",  "kh", "l", "m",  "n",  "ng", "ngh", "nh", "p",  "ph",
                                                       "qu", "r",  "s", "t",  "th", "tr", "v",   "x"};
constexpr std::array<std::string_view, 9> k_codas = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"};
constexpr std::array<std::string_view, 55> k_nuclei = {
    "a",   "1",   "2",   "e",   "3",   "i",   "o",   "4",   "5",   "u",   "6",   "y",   "ai", "ao",
    "au",  "ay",  "2u",  "2y",  "eo",  "3u",  "ia",  "i3",  "iu",  "oa",  "o1",  "oe",  "oi", "4i",
    "5i",  "oo",  "ua",  "u2",  "u3",  "ui",  "u4",  "u5",  "uy",  "6a",  "6i",  "6u",  "65", "y3",
    "i3u", "oai", "oay", "oeo", "u2y", "u4i", "uya", "uy3", "uyu", "65i", "65u", "y3u", "ya"};

// Nuclei ending in a glide or an open diphthong: no final consonant may follow.
constexpr std::array<std::string_view, 31> k_open_nuclei = {
    "ai", "ao", "au",  "ay",  "2u",  "2y",  "eo",  "3u",  "ia",  "iu",  "oi",  "4i",  "5i",  "ua", "ui", "6a",
    "6i", "6u", "i3u", "oai", "oay", "oeo", "u2y", "u4i", "uya", "uyu", "65i", "65u", "y3u", "ya", "u5"};
// Diphthongs written this way only before a final consonant (iên, yến, uôn, ươn, uyên).
constexpr std::array<std::string_view, 5> k_closed_nuclei = {"i3", "y3", "u4", "65", "uy3"};

bool is_vowel(char c) { return std::string_view("aeiouy123456").find(c) != std::string_view::npos; }

template <size_t N> bool one_of(const std::array<std::string_view, N>& set, std::string_view s) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// The tone of a combining mark: 1 grave, 2 acute, 3 tilde, 4 hook, 5 dot below; 0 none.
int tone_of(utf8proc_int32_t m) {
  switch (m) {
  case 0x300: return 1;
  case 0x301: return 2;
  case 0x303: return 3;
  case 0x309: return 4;
  case 0x323: return 5;
  default: return 0;
  }
}

// Adds shape mark m to the letter at the end of s; false when that letter cannot carry it.
bool add_shape(std::string& s, utf8proc_int32_t m) {
  if (s.empty()) return false;
  char& c = s.back();
  if (m == 0x306 && c == 'a') c = '1';
  else if (m == 0x302 && c == 'a') c = '2';
  else if (m == 0x302 && c == 'e') c = '3';
  else if (m == 0x302 && c == 'o') c = '4';
  else if (m == 0x31B && c == 'o') c = '5';
  else if (m == 0x31B && c == 'u') c = '6';
  else return false;
  return true;
}

// A rhyme (nucleus and coda) with its tone.
bool plausible_rhyme(std::string_view r, int tone) {
  size_t v = 0;
  while (v < r.size() && is_vowel(r[v])) ++v;
  std::string_view nucleus = r.substr(0, v);
  if (v == 0 || !one_of(k_nuclei, nucleus)) return false;
  std::string_view coda = r.substr(v);
  if (!one_of(k_codas, coda)) return false;
  if (!coda.empty() && one_of(k_open_nuclei, nucleus)) return false;
  if (coda.empty() && one_of(k_closed_nuclei, nucleus)) return false;
  bool stop = coda == "c" || coda == "ch" || coda == "p" || coda == "t";
  return !stop || tone == 0 || tone == 2 || tone == 5;
}

bool is_letter_or_mark(utf8proc_int32_t cp) {
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_LU:
  case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO:
  case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC: return true;
  default: return false;
  }
}

std::string clip(std::string_view s, size_t n) {
  if (s.size() <= n) return std::string(s);
  size_t k = n;
  while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
  return std::string(s.substr(0, k)) + "…";
}

} // namespace

bool plausible_syllable(std::string_view word) {
  if (std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) return true;
  std::string s;
  int tone = 0;
  int tones = 0;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(word.data());
  auto left = static_cast<utf8proc_ssize_t>(word.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) return false;
    p += n;
    left -= n;
    utf8proc_int32_t parts[4];
    auto k = utf8proc_decompose_char(utf8proc_tolower(cp), parts, 4, UTF8PROC_DECOMPOSE, nullptr);
    if (k < 1 || k > 4) return false;
    for (utf8proc_ssize_t i = 0; i < k; ++i) {
      utf8proc_int32_t c = parts[i];
      if (int t = tone_of(c); t != 0) {
        if (s.empty() || !is_vowel(s.back())) return false; // a tone sits on a vowel
        tone = t;
        ++tones;
      } else if (c == 0x306 || c == 0x302 || c == 0x31B) {
        if (!add_shape(s, c)) return false;
      } else if (c == 0x111) {
        s += 'D';
      } else if (c >= 'a' && c <= 'z' && c != 'f' && c != 'j' && c != 'w' && c != 'z') {
        s += static_cast<char>(c);
      } else {
        return false; // not a letter of the Vietnamese alphabet
      }
    }
  }
  if (tones > 1) return false;
  for (std::string_view onset : k_onsets) {
    if (s.size() < onset.size() || std::string_view(s).substr(0, onset.size()) != onset) continue;
    if (plausible_rhyme(std::string_view(s).substr(onset.size()), tone)) return true;
  }
  return false;
}

double Plausibility::score() const {
  return judged == 0 ? 1.0 : static_cast<double>(syllables) / static_cast<double>(judged);
}

void PlausibilityCheck::add(std::string_view decoded) {
  while (!decoded.empty()) {
    size_t nl = decoded.find('\n');
    if (nl == std::string_view::npos) {
      m_partial.append(decoded);
      if (m_partial.size() > 64 * 1024) { // a very long line is judged in pieces
        line(m_partial);
        m_partial.clear();
      }
      return;
    }
    if (m_partial.empty()) {
      line(decoded.substr(0, nl));
    } else {
      m_partial.append(decoded.substr(0, nl));
      line(m_partial);
      m_partial.clear();
    }
    ++m_line;
    decoded.remove_prefix(nl + 1);
  }
}

const Plausibility& PlausibilityCheck::finish() {
  if (!m_partial.empty()) line(m_partial);
  m_partial.clear();
  return m_result;
}

void PlausibilityCheck::line(std::string_view text) {
  if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) return;
  const auto* base = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  size_t i = 0;
  size_t word = 0;
  bool in_word = false;
  auto judge = [&](size_t end) {
    std::string_view w = text.substr(word, end - word);
    if (std::all_of(w.begin(), w.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) return;
    ++m_result.judged;
    if (plausible_syllable(w)) {
      ++m_result.syllables;
    } else if (m_result.first_bad_line == 0) {
      std::string_view shown = text;
      if (!shown.empty() && shown.back() == '\r') shown.remove_suffix(1);
      m_result.first_bad_line = m_line;
      m_result.first_bad_text = clip(shown, 160);
    }
  };
  while (i < text.size()) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(base + i, static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    bool letter = n > 0 && is_letter_or_mark(cp);
    if (n <= 0) n = 1;
    if (letter && !in_word) {
      word = i;
      in_word = true;
    } else if (!letter && in_word) {
      judge(i);
      in_word = false;
    }
    i += static_cast<size_t>(n);
  }
  if (in_word) judge(text.size());
}

std::uint64_t first_line_beyond_ascii(std::string_view raw) {
  std::uint64_t line = 1;
  for (unsigned char c : raw) {
    if (c >= 0x80) return line;
    if (c == '\n') ++line;
  }
  return 1;
}

Plausibility score_text(std::string_view decoded) {
  PlausibilityCheck check;
  check.add(decoded);
  return check.finish();
}

std::vector<EncodingCandidate> rank_encodings(std::string_view raw, std::uint64_t sample_line) {
  std::vector<Encoding> tried = {Encoding::utf8};
  for (Encoding e : legacy_encodings()) tried.push_back(e);
  std::vector<EncodingCandidate> out;
  for (Encoding e : tried) {
    EncodingCandidate c;
    c.encoding = e;
    auto text = decode_text(raw, e);
    if (text) {
      c.decodes = true;
      c.score = score_text(*text).score();
      std::string_view t = *text;
      if (sample_line == 0) sample_line = first_line_beyond_ascii(raw);
      for (std::uint64_t l = 1; l < sample_line && !t.empty(); ++l) {
        size_t nl = t.find('\n');
        t = nl == std::string_view::npos ? std::string_view() : t.substr(nl + 1);
      }
      t = t.substr(0, t.find('\n'));
      if (!t.empty() && t.back() == '\r') t.remove_suffix(1);
      // Long lines: from a little before the first letter beyond ASCII, where encodings differ.
      size_t first = 0;
      while (first < t.size() && static_cast<unsigned char>(t[first]) < 0x80) ++first;
      size_t from = first == t.size() || first < 40 ? 0 : first - 30;
      c.sample = (from > 0 ? "…" : "") + clip(t.substr(from), 80);
    }
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(), [](const EncodingCandidate& a, const EncodingCandidate& b) {
    if (a.decodes != b.decodes) return a.decodes;
    return a.score > b.score;
  });
  return out;
}

std::string describe_ranking(const std::vector<EncodingCandidate>& ranking) {
  std::string out;
  for (const auto& c : ranking) {
    if (!out.empty()) out += ", ";
    out += encoding_name(c.encoding);
    if (!c.decodes) {
      out += " (does not decode)";
      continue;
    }
    out += " (" + std::to_string(static_cast<int>(std::lround(c.score * 100))) + "%: \"" + c.sample + "\")";
  }
  return out;
}

} // namespace motcua

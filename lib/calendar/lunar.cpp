#include "calendar/lunar.hpp"

#include <array>
#include <cmath>
#include <numbers>

namespace motcua {

namespace {

constexpr double k_pi = std::numbers::pi;
constexpr double k_deg = k_pi / 180.0;
constexpr double k_jd_unix_epoch = 2440587.5; // JD of 1970-01-01T00:00Z
constexpr double k_jd_j2000 = 2451545.0;

double sin_deg(double x) { return std::sin(x * k_deg); }

double normalize_degrees(double x) {
  x = std::fmod(x, 360.0);
  return x < 0 ? x + 360.0 : x;
}

// One periodic term of VSOP87: A cos(B + C τ).
struct Term {
  double a, b, c;
};

// Earth's heliocentric longitude series, VSOP87D truncated as in Meeus, Appendix III (units 1e-8 rad).
constexpr Term k_l0[] = {
    {175347046, 0, 0},
    {3341656, 4.6692568, 6283.0758500},
    {34894, 4.62610, 12566.15170},
    {3497, 2.7441, 5753.3849},
    {3418, 2.8289, 3.5231},
    {3136, 3.6277, 77713.7715},
    {2676, 4.4181, 7860.4194},
    {2343, 6.1352, 3930.2097},
    {1324, 0.7425, 11506.7698},
    {1273, 2.0371, 529.6910},
    {1199, 1.1096, 1577.3435},
    {990, 5.233, 5884.927},
    {902, 2.045, 26.298},
    {857, 3.508, 398.149},
    {780, 1.179, 5223.694},
    {753, 2.533, 5507.553},
    {505, 4.583, 18849.228},
    {492, 4.205, 775.523},
    {357, 2.920, 0.067},
    {317, 5.849, 11790.629},
    {284, 1.899, 796.298},
    {271, 0.315, 10977.079},
    {243, 0.345, 5486.778},
    {206, 4.806, 2544.314},
    {205, 1.869, 5573.143},
    {202, 2.458, 6069.777},
    {156, 0.833, 213.299},
    {132, 3.411, 2942.463},
    {126, 1.083, 20.775},
    {115, 0.645, 0.980},
    {103, 0.636, 4694.003},
    {102, 0.976, 15720.839},
    {102, 4.267, 7.114},
    {99, 6.21, 2146.17},
    {98, 0.68, 155.42},
    {86, 5.98, 161000.69},
    {85, 1.30, 6275.96},
    {85, 3.67, 71430.70},
    {80, 1.81, 17260.15},
    {79, 3.04, 12036.46},
    {75, 1.76, 5088.63},
    {74, 3.50, 3154.69},
    {74, 4.68, 801.82},
    {70, 0.83, 9437.76},
    {62, 3.98, 8827.39},
    {61, 1.82, 7084.90},
    {57, 2.78, 6286.60},
    {56, 4.39, 14143.50},
    {56, 3.47, 6279.55},
    {52, 0.19, 12139.55},
    {52, 1.33, 1748.02},
    {51, 0.28, 5856.48},
    {49, 0.49, 1194.45},
    {41, 5.37, 8429.24},
    {41, 2.40, 19651.05},
    {39, 6.17, 10447.39},
    {37, 6.04, 10213.29},
    {37, 2.57, 1059.38},
    {36, 1.71, 2352.87},
    {36, 1.78, 6812.77},
    {33, 0.59, 17789.85},
    {30, 0.44, 83996.85},
    {30, 2.74, 1349.87},
    {25, 3.16, 4690.48},
};
constexpr Term k_l1[] = {
    {628331966747, 0, 0},       {206059, 2.678235, 6283.075850},
    {4303, 2.6351, 12566.1517}, {425, 1.590, 3.523},
    {119, 5.796, 26.298},       {109, 2.966, 1577.344},
    {93, 2.59, 18849.23},       {72, 1.14, 529.69},
    {68, 1.87, 398.15},         {67, 4.41, 5507.55},
    {59, 2.89, 5223.69},        {56, 2.17, 155.42},
    {45, 0.40, 796.30},         {36, 0.47, 775.52},
    {29, 2.65, 7.11},           {21, 5.34, 0.98},
    {19, 1.85, 5486.78},        {19, 4.97, 213.30},
    {17, 2.99, 6275.96},        {16, 0.03, 2544.31},
    {16, 1.43, 2146.17},        {15, 1.21, 10977.08},
    {12, 2.83, 1748.02},        {12, 3.26, 5088.63},
    {12, 5.27, 1194.45},        {12, 2.08, 4694.00},
    {11, 0.77, 553.57},         {10, 1.30, 6286.60},
    {10, 4.24, 1349.87},        {9, 2.70, 242.73},
    {9, 5.64, 951.72},          {8, 5.30, 2352.87},
    {6, 2.65, 9437.76},         {6, 4.67, 4690.48},
};
constexpr Term k_l2[] = {
    {52919, 0, 0},      {8720, 1.0721, 6283.0758}, {309, 0.867, 12566.152}, {27, 0.05, 3.52},   {16, 5.19, 26.30},
    {16, 3.68, 155.42}, {10, 0.76, 18849.23},      {9, 2.06, 77713.77},     {7, 0.83, 775.52},  {5, 4.66, 1577.34},
    {4, 1.03, 7.11},    {4, 3.44, 5573.14},        {3, 5.14, 796.30},       {3, 6.05, 5507.55}, {3, 1.19, 242.73},
    {3, 6.12, 529.69},  {3, 0.31, 398.15},         {3, 2.28, 553.57},       {2, 4.38, 5223.69}, {2, 3.75, 0.98},
};
constexpr Term k_l3[] = {{289, 5.844, 6283.076}, {35, 0, 0},          {17, 5.49, 12566.15}, {3, 5.20, 155.42},
                         {1, 4.72, 3.52},        {1, 5.30, 18849.23}, {1, 5.97, 242.73}};
constexpr Term k_l4[] = {{114, 3.142, 0}, {8, 4.13, 6283.08}, {1, 3.84, 12566.15}};
constexpr Term k_l5[] = {{1, 3.14, 0}};
// Earth's radius vector, leading terms only: it only scales the aberration (20.5").
constexpr Term k_r0[] = {{100013989, 0, 0},          {1670700, 3.0984635, 6283.0758500}, {13956, 3.05525, 12566.15170},
                         {3084, 5.1985, 77713.7715}, {1628, 1.1739, 5753.3849},          {1576, 2.8469, 7860.4194}};
constexpr Term k_r1[] = {{103019, 1.107490, 6283.075850}, {1721, 1.0644, 12566.1517}};

template <size_t N> double series(const Term (&terms)[N], double tau) {
  double sum = 0;
  for (const Term& t : terms) sum += t.a * std::cos(t.b + t.c * tau);
  return sum;
}

double jd_of_instant(Instant t) { return static_cast<double>(t) / 86400.0 + k_jd_unix_epoch; }

double decimal_year_of_jd(double jd) { return 2000.0 + (jd - k_jd_j2000) / 365.25; }

// TT → UT, as a Unix instant rounded to the second.
Instant instant_of_jde(double jde) {
  const double jd_ut = jde - delta_t_seconds(decimal_year_of_jd(jde)) / 86400.0;
  return static_cast<Instant>(std::llround((jd_ut - k_jd_unix_epoch) * 86400.0));
}

double jde_of_instant(Instant t) {
  const double jd = jd_of_instant(t);
  return jd + delta_t_seconds(decimal_year_of_jd(jd)) / 86400.0;
}

// The local (UTC+7) day that holds new moon k.
Days new_moon_day(int k) { return local_date(new_moon_instant(k)); }

// Which 30° sector the sun is in at the local midnight that starts `day`: a month holds a
// major solar term exactly when the sector at its first day differs from the next month's.
int sun_sector_at_day_start(Days day) {
  return static_cast<int>(sun_apparent_longitude(jde_of_instant(local_instant(day))) / 30.0);
}

// New moon number of the month 11 that holds the December solstice of solar year `year`.
int month11_new_moon(int year) {
  const Instant near = local_instant(days_from_civil(year, 12, 21), 12 * 3600);
  const Days solstice_day = local_date(solar_longitude_instant(270.0, near));
  int k = static_cast<int>(std::floor((jd_of_instant(near) - 2451550.09766) / 29.530588861));
  while (new_moon_day(k) > solstice_day) --k;
  while (new_moon_day(k + 1) <= solstice_day) ++k;
  return k;
}

struct SuiMonth {
  Days start = 0;
  int year = 0;
  int number = 0;
  bool leap = false;
};

// The months from the month 11 of solar year y−1 up to (not including) the month 11 of y:
// "suì" y, which holds months 11 and 12 of lunar year y−1 and months 1.. of lunar year y.
struct Sui {
  std::array<SuiMonth, 13> months{};
  int count = 0;
  Days end = 0; // first day of the next month 11
};

Sui compute_sui(int year) {
  const int first = month11_new_moon(year - 1);
  const int last = month11_new_moon(year);
  Sui sui;
  sui.count = last - first; // 12, or 13 in a leap suì
  std::array<Days, 14> starts{};
  for (int i = 0; i <= sui.count; ++i) starts[static_cast<size_t>(i)] = new_moon_day(first + i);
  sui.end = starts[static_cast<size_t>(sui.count)];
  int leap_index = -1;
  if (sui.count == 13) {
    int sector = sun_sector_at_day_start(starts[1]);
    for (int i = 1; i < 13; ++i) {
      const int next_sector = sun_sector_at_day_start(starts[static_cast<size_t>(i + 1)]);
      if (next_sector == sector) {
        leap_index = i;
        break;
      }
      sector = next_sector;
    }
  }
  int number = 11;
  int lunar_year = year - 1;
  for (int i = 0; i < sui.count; ++i) {
    SuiMonth& m = sui.months[static_cast<size_t>(i)];
    m.start = starts[static_cast<size_t>(i)];
    if (i == leap_index) {
      m.leap = true; // repeats the previous number
    } else if (i > 0) {
      number = number % 12 + 1;
      if (number == 1) lunar_year = year;
    }
    m.number = number;
    m.year = lunar_year;
  }
  return sui;
}

Days sui_month_end(const Sui& sui, int i) {
  return i + 1 < sui.count ? sui.months[static_cast<size_t>(i + 1)].start : sui.end;
}

// Index of a lunar month inside the suì that holds it, or -1.
int find_month(const Sui& sui, int year, int month, bool leap) {
  for (int i = 0; i < sui.count; ++i) {
    const SuiMonth& m = sui.months[static_cast<size_t>(i)];
    if (m.year == year && m.number == month && m.leap == leap) return i;
  }
  return -1;
}

bool in_range(int year) { return year >= k_lunar_first_year && year <= k_lunar_last_year; }

// Months 11 and 12 of lunar year y sit at the start of suì y+1.
int sui_for_month(int year, int month) { return month >= 11 ? year + 1 : year; }

} // namespace

double delta_t_seconds(double y) {
  // Espenak & Meeus, "Five Millennium Canon of Solar Eclipses" (NASA, 2006) polynomials.
  if (y < 1860) {
    const double u = (y - 1820) / 100;
    return -20 + 32 * u * u;
  }
  if (y < 1900) {
    const double t = y - 1860;
    return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * t * t * t - 0.0004473624 * std::pow(t, 4) +
           std::pow(t, 5) / 233174;
  }
  if (y < 1920) {
    const double t = y - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t - 0.000197 * std::pow(t, 4);
  }
  if (y < 1941) {
    const double t = y - 1920;
    return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
  }
  if (y < 1961) {
    const double t = y - 1950;
    return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
  }
  if (y < 1986) {
    const double t = y - 1975;
    return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
  }
  if (y < 2005) {
    const double t = y - 2000;
    return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t + 0.000651814 * std::pow(t, 4) +
           0.00002373599 * std::pow(t, 5);
  }
  if (y < 2050) {
    const double t = y - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t * t;
  }
  const double u = (y - 1820) / 100;
  if (y < 2150) return -20 + 32 * u * u - 0.5628 * (2150 - y);
  return -20 + 32 * u * u;
}

double new_moon_jde(int k_int) {
  // Meeus, ch. 49: mean phase plus periodic and planetary corrections (new moon).
  const double k = k_int;
  const double t = k / 1236.85;
  const double t2 = t * t, t3 = t2 * t, t4 = t3 * t;
  double jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
  const double e = 1 - 0.002516 * t - 0.0000074 * t2;
  const double m = 2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3;
  const double mp = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4;
  const double f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4;
  const double om = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3;
  jde += -0.40720 * sin_deg(mp) + 0.17241 * e * sin_deg(m) + 0.01608 * sin_deg(2 * mp) + 0.01039 * sin_deg(2 * f) +
         0.00739 * e * sin_deg(mp - m) - 0.00514 * e * sin_deg(mp + m) + 0.00208 * e * e * sin_deg(2 * m) -
         0.00111 * sin_deg(mp - 2 * f) - 0.00057 * sin_deg(mp + 2 * f) + 0.00056 * e * sin_deg(2 * mp + m) -
         0.00042 * sin_deg(3 * mp) + 0.00042 * e * sin_deg(m + 2 * f) + 0.00038 * e * sin_deg(m - 2 * f) -
         0.00024 * e * sin_deg(2 * mp - m) - 0.00017 * sin_deg(om) - 0.00007 * sin_deg(mp + 2 * m) +
         0.00004 * sin_deg(2 * mp - 2 * f) + 0.00004 * sin_deg(3 * m) + 0.00003 * sin_deg(mp + m - 2 * f) +
         0.00003 * sin_deg(2 * mp + 2 * f) - 0.00003 * sin_deg(mp + m + 2 * f) + 0.00003 * sin_deg(mp - m + 2 * f) -
         0.00002 * sin_deg(mp - m - 2 * f) - 0.00002 * sin_deg(3 * mp + m) + 0.00002 * sin_deg(4 * mp);
  static constexpr double k_planetary[14][3] = {
      {0.000325, 299.77, 0.107408},  {0.000165, 251.88, 0.016321}, {0.000164, 251.83, 26.651886},
      {0.000126, 349.42, 36.412478}, {0.000110, 84.66, 18.206239}, {0.000062, 141.74, 53.303771},
      {0.000060, 207.14, 2.453732},  {0.000056, 154.84, 7.306860}, {0.000047, 34.52, 27.261239},
      {0.000042, 207.19, 0.121824},  {0.000040, 291.34, 1.844379}, {0.000037, 161.72, 24.198154},
      {0.000035, 239.56, 25.513099}, {0.000023, 331.55, 3.592518},
  };
  for (int i = 0; i < 14; ++i) {
    double arg = k_planetary[i][1] + k_planetary[i][2] * k;
    if (i == 0) arg -= 0.009173 * t2;
    jde += k_planetary[i][0] * sin_deg(arg);
  }
  return jde;
}

Instant new_moon_instant(int k) { return instant_of_jde(new_moon_jde(k)); }

double sun_apparent_longitude(double jde) {
  const double tau = (jde - k_jd_j2000) / 365250.0; // Julian millennia
  const double t = tau * 10.0;                      // Julian centuries
  const double l = (series(k_l0, tau) +
                    tau * (series(k_l1, tau) +
                           tau * (series(k_l2, tau) +
                                  tau * (series(k_l3, tau) + tau * (series(k_l4, tau) + tau * series(k_l5, tau)))))) /
                   1e8;
  const double r = (series(k_r0, tau) + tau * series(k_r1, tau)) / 1e8;
  double theta = l / k_deg + 180.0; // geocentric: opposite the earth's heliocentric longitude
  theta -= 0.09033 / 3600.0;        // VSOP87 dynamical frame → FK5
  // Nutation in longitude, Meeus ch. 22 short series (0.5" accuracy).
  const double omega = 125.04452 - 1934.136261 * t;
  const double l_sun = 280.4665 + 36000.7698 * t;
  const double l_moon = 218.3165 + 481267.8813 * t;
  const double delta_psi =
      -17.20 * sin_deg(omega) - 1.32 * sin_deg(2 * l_sun) - 0.23 * sin_deg(2 * l_moon) + 0.21 * sin_deg(2 * omega);
  theta += delta_psi / 3600.0;
  theta -= 20.4898 / (3600.0 * r); // annual aberration
  return normalize_degrees(theta);
}

Instant solar_longitude_instant(double degrees, Instant near) {
  double jde = jde_of_instant(near);
  for (int i = 0; i < 20; ++i) {
    double diff = std::remainder(degrees - sun_apparent_longitude(jde), 360.0);
    jde += diff * 365.2422 / 360.0;
    if (std::fabs(diff) < 1e-7) break;
  }
  return instant_of_jde(jde);
}

std::optional<Days> lunar_to_solar(const LunarDate& date) {
  if (!in_range(date.year) || date.month < 1 || date.month > 12 || date.day < 1 || date.day > 30) return std::nullopt;
  const Sui sui = compute_sui(sui_for_month(date.year, date.month));
  const int i = find_month(sui, date.year, date.month, date.leap);
  if (i < 0) return std::nullopt;
  const Days start = sui.months[static_cast<size_t>(i)].start;
  if (date.day > sui_month_end(sui, i) - start) return std::nullopt;
  return start + date.day - 1;
}

std::optional<LunarDate> solar_to_lunar(Days date) {
  const int year = civil_from_days(date).year;
  if (year < k_lunar_first_year || year > k_lunar_last_year + 1) return std::nullopt;
  Sui sui = compute_sui(year);
  if (date >= sui.end) sui = compute_sui(year + 1);
  for (int i = 0; i < sui.count; ++i) {
    const SuiMonth& m = sui.months[static_cast<size_t>(i)];
    if (date >= m.start && date < sui_month_end(sui, i)) {
      if (!in_range(m.year)) return std::nullopt;
      return LunarDate{m.year, m.number, date - m.start + 1, m.leap};
    }
  }
  return std::nullopt; // unreachable: a suì covers every day up to its end
}

std::optional<Days> lunar_new_year(int year) { return lunar_to_solar(LunarDate{year, 1, 1, false}); }

int lunar_leap_month(int year) {
  if (!in_range(year)) return 0;
  for (int sui_year : {year, year + 1}) {
    const Sui sui = compute_sui(sui_year);
    for (int i = 0; i < sui.count; ++i) {
      const SuiMonth& m = sui.months[static_cast<size_t>(i)];
      if (m.leap && m.year == year) return m.number;
    }
  }
  return 0;
}

int lunar_month_length(int year, int month, bool leap) {
  if (!in_range(year) || month < 1 || month > 12) return 0;
  const Sui sui = compute_sui(sui_for_month(year, month));
  const int i = find_month(sui, year, month, leap);
  return i < 0 ? 0 : sui_month_end(sui, i) - sui.months[static_cast<size_t>(i)].start;
}

} // namespace motcua

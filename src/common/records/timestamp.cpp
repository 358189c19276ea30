#include "common/records/timestamp.hpp"

#include <algorithm>
#include <optional>

namespace dgram {
namespace {

// `value` as exactly `width` decimal digits at `at`.
void put_digits(char* at, unsigned long long value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

// Written digit by digit, and remembered from one record to the next (the
// datagrams of one read share their time): a record per datagram makes this
// a hot path.
void append_timestamp(std::string& out, WallClock::time_point time) {
  using namespace std::chrono;
  constexpr std::size_t length = sizeof "0000-00-00T00:00:00.000000Z" - 1;
  const auto micros = floor<microseconds>(time);
  thread_local std::optional<sys_time<microseconds>> last;
  thread_local char last_text[length];
  if (last == micros) {
    out.append(last_text, length);
    return;
  }
  const auto day = floor<days>(micros);
  const year_month_day date(day);
  const hh_mm_ss clock(micros - day);
  char text[] = "0000-00-00T00:00:00.000000Z";
  put_digits(text, static_cast<unsigned long long>(static_cast<int>(date.year())), 4);
  put_digits(text + 5, static_cast<unsigned>(date.month()), 2);
  put_digits(text + 8, static_cast<unsigned>(date.day()), 2);
  put_digits(text + 11, static_cast<unsigned long long>(clock.hours().count()), 2);
  put_digits(text + 14, static_cast<unsigned long long>(clock.minutes().count()), 2);
  put_digits(text + 17, static_cast<unsigned long long>(clock.seconds().count()), 2);
  put_digits(text + 20, static_cast<unsigned long long>(clock.subseconds().count()), 6);
  std::copy_n(text, length, last_text);
  last = micros;
  out.append(text, length);
}

}  // namespace dgram

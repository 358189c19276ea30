// The relay's budget per client address with an injected clock: the burst,
// the credit for what a client sent, the refill a second, one budget for
// every port of an address, and no bound when it is off.
#include "common/listen/relay_budget.hpp"

#include <gtest/gtest.h>

namespace dgram {
namespace {

using Clock = RelayBudget::Clock;
using std::chrono::milliseconds;

net::Endpoint client(std::uint8_t last, std::uint16_t port = 5000) {
  net::Endpoint endpoint;
  endpoint.address = {127, 0, 0, last};
  endpoint.port = port;
  return endpoint;
}

TEST(RelayBudget, TheBurstThenOnlyWhatWasSentComesBackWithNoRate) {
  RelayBudget budget(0);
  const auto now = Clock::now();
  EXPECT_TRUE(budget.allows(client(1), 65536, now));  // the burst
  EXPECT_FALSE(budget.allows(client(1), 1, now));
  budget.heard(client(1), 40, now);
  EXPECT_TRUE(budget.allows(client(1), 40, now));  // as many bytes as it sent
  EXPECT_FALSE(budget.allows(client(1), 1, now + milliseconds(10'000)));
}

TEST(RelayBudget, TheRateRefillsUpToTheBurst) {
  RelayBudget budget(1000);
  const auto now = Clock::now();
  EXPECT_TRUE(budget.allows(client(1), 65536, now));
  EXPECT_FALSE(budget.allows(client(1), 600, now + milliseconds(500)));
  EXPECT_TRUE(budget.allows(client(1), 500, now + milliseconds(500)));
  // A long quiet refills the burst, never more.
  EXPECT_TRUE(budget.allows(client(1), 65536, now + milliseconds(3'600'000)));
  EXPECT_FALSE(budget.allows(client(1), 2, now + milliseconds(3'600'001)));
}

TEST(RelayBudget, EveryPortOfAnAddressDrawsOnOneBudgetOtherAddressesOnTheirOwn) {
  RelayBudget budget(0);
  const auto now = Clock::now();
  EXPECT_TRUE(budget.allows(client(1, 1000), 65536, now));
  EXPECT_FALSE(budget.allows(client(1, 1001), 800, now));
  EXPECT_TRUE(budget.allows(client(2, 1000), 800, now));
}

TEST(RelayBudget, ABurstIsAtLeastTheLargestDatagramAndASecondOfTheRate) {
  EXPECT_EQ(RelayBudget::burst_for(0), 65536u);
  EXPECT_EQ(RelayBudget::burst_for(32768), 65536u);
  EXPECT_EQ(RelayBudget::burst_for(1'000'000), 1'000'000u);
}

TEST(RelayBudget, OffAllowsEverything) {
  RelayBudget budget(std::nullopt);
  const auto now = Clock::now();
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(budget.allows(client(1), 65527, now));
}

TEST(RelayBudget, ManyAddressesAreRememberedWithinABound) {
  RelayBudget budget(0);
  const auto now = Clock::now();
  for (std::uint32_t i = 0; i < 10'000; ++i) {
    net::Endpoint forged;
    forged.address = {10, static_cast<std::uint8_t>(i >> 16), static_cast<std::uint8_t>(i >> 8),
                      static_cast<std::uint8_t>(i)};
    EXPECT_TRUE(budget.allows(forged, 65536, now));
  }
  // The first addresses were forgotten to make room: they start afresh.
  EXPECT_TRUE(budget.allows(client(1), 65536, now));
}

}  // namespace
}  // namespace dgram

// busy_intervals: requests placed whole in the first idle gap at or after their earliest start,
// whatever order they are made in; touching intervals merge and past ones are forgotten.
#include "common/busy_intervals.h"

#include <gtest/gtest.h>

namespace osvp {
namespace {

TEST(BusyIntervals, AnEarlierRequestMadeLaterUsesTheGapBeforeABookedOne) {
    busy_intervals port;
    EXPECT_EQ(port.reserve(0, 100, 50), 100u) << "booked ahead of the caller's time";
    EXPECT_EQ(port.reserve(0, 10, 40), 10u) << "fits before it: [10, 50)";
    EXPECT_EQ(port.reserve(0, 40, 60), 150u) << "[50, 110) would overlap [100, 150)";
    EXPECT_EQ(port.reserve(0, 50, 50), 50u) << "exactly the gap [50, 100)";
    EXPECT_EQ(port.busy_total(), 200u);
    EXPECT_EQ(port.intervals(), 1u) << "[10, 210) merged";
}

TEST(BusyIntervals, InOrderRequestsQueueLikeATimeline) {
    busy_intervals port;
    time_ps end = 0;
    for (time_ps t = 0; t < 10; ++t) {
        const time_ps start = port.reserve(t, t, 7);
        EXPECT_EQ(start, std::max(t, end));
        end = start + 7;
    }
    EXPECT_EQ(port.intervals(), 1u);
    EXPECT_EQ(port.reserve(1000, 1000, 0), 1000u) << "an empty request takes no time";
    EXPECT_EQ(port.intervals(), 0u) << "intervals ended before now are dropped";
}

TEST(BusyIntervals, ARequestTooLongForAGapGoesPastIt) {
    busy_intervals port;
    port.reserve(0, 0, 10);
    port.reserve(0, 20, 10);
    EXPECT_EQ(port.reserve(0, 5, 15), 30u) << "the gap [10, 20) is too short";
    EXPECT_EQ(port.reserve(0, 5, 10), 10u) << "but fits exactly a request of 10";
}

TEST(BusyIntervals, GapsBetweenRememberedIntervalsFillAfterPastOnesAreForgotten) {
    busy_intervals port;
    port.reserve(0, 10, 10);
    port.reserve(0, 30, 10);
    port.reserve(0, 50, 10);
    EXPECT_EQ(port.intervals(), 3u);
    EXPECT_EQ(port.reserve(25, 25, 5), 25u) << "[10, 20) is past; [25, 30) joins [30, 40)";
    EXPECT_EQ(port.intervals(), 2u);
    EXPECT_EQ(port.reserve(25, 38, 10), 40u) << "[40, 50) joins both neighbours";
    EXPECT_EQ(port.intervals(), 1u);
    EXPECT_EQ(port.reserve(25, 25, 5), 60u) << "[25, 60) is one busy stretch";
    EXPECT_EQ(port.busy_total(), 50u);
}

} // namespace
} // namespace osvp

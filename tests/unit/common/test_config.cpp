#include "common/config.h"

#include <gtest/gtest.h>

using namespace osvp;

namespace {

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(config, defaults_apply_and_are_recorded_in_the_effective_configuration) {
    config_tree tree;
    auto flash = tree.root().child("flash");
    EXPECT_EQ(flash.get_time("tR", "25 us"), 25'000'000u);
    EXPECT_EQ(flash.get_uint("channels", 8, 1, 64), 8u);
    EXPECT_EQ(tree.effective()["flash"]["tR"], "25 us");
    EXPECT_EQ(tree.effective()["flash"]["channels"], 8);
    tree.check_all_used();
}

TEST(config, file_values_and_overrides_take_precedence) {
    config_tree tree(nlohmann::json::parse(R"({"flash": {"tR": "30 us", "channels": 4}})"));
    tree.apply_override("flash.channels=2");
    tree.apply_override("flash.mode=timing");
    auto flash = tree.root().child("flash");
    EXPECT_EQ(flash.get_time("tR", "25 us"), 30'000'000u);
    EXPECT_EQ(flash.get_uint("channels", 8, 1, 64), 2u);
    EXPECT_EQ(flash.get_choice("mode", "functional", {"functional", "timing"}), "timing");
}

TEST(config, unknown_keys_are_reported_by_path) {
    config_tree tree(nlohmann::json::parse(R"({"flash": {"tR": "30 us", "tRR": "1 us"}})"));
    tree.root().child("flash").get_time("tR", "25 us");
    const std::string message = error_of([&] { tree.check_all_used(); });
    EXPECT_NE(message.find("'flash.tRR'"), std::string::npos) << message;
    EXPECT_EQ(message.find("'flash.tR'"), std::string::npos) << message;
}

TEST(config, bad_values_name_key_value_and_what_is_allowed) {
    config_tree tree(
        nlohmann::json::parse(R"({"a": -1, "b": "fast", "c": "25", "d": 1000, "e": "x", "f": 3})"));
    auto root = tree.root();
    std::string m = error_of([&] { root.get_uint("a", 1, 1, 8); });
    EXPECT_NE(m.find("a:"), std::string::npos) << m;
    EXPECT_NE(m.find("-1"), std::string::npos) << m;
    m = error_of([&] { root.get_choice("b", "x", {"functional", "timing"}); });
    EXPECT_NE(m.find("'fast'"), std::string::npos) << m;
    EXPECT_NE(m.find("functional, timing"), std::string::npos) << m;
    m = error_of([&] { root.get_time("c", "1 us"); });
    EXPECT_NE(m.find("c:"), std::string::npos) << m;
    EXPECT_NE(m.find("'25'"), std::string::npos) << m;
    m = error_of([&] { root.get_uint("d", 1, 1, 64); });
    EXPECT_NE(m.find("[1, 64]"), std::string::npos) << m;
    m = error_of([&] { root.child("e"); });
    EXPECT_NE(m.find("section"), std::string::npos) << m;
    m = error_of([&] { root.get_bool("f", false); });
    EXPECT_NE(m.find("true or false"), std::string::npos) << m;
}

TEST(config, malformed_overrides_and_files_are_errors) {
    config_tree tree;
    EXPECT_THROW(tree.apply_override("no_equals_sign"), config_error);
    EXPECT_THROW(tree.apply_override("=3"), config_error);
    tree.apply_override("a=3");
    EXPECT_THROW(tree.apply_override("a.b=4"), config_error);
    EXPECT_THROW(config_tree::from_file("/nonexistent/config.json"), config_error);
}

#pragma once
// The class labels of a dataset: names and their indices (the model's class ids).
//
// Order (the same rule everywhere, matching Hugging Face's run_glue.py, which sorts the unique
// labels): when every label is a canonical integer ("0", "7", "-1"; no "+", no leading zeros),
// the labels are sorted numerically, so "0".."9","10" keep their numeric meaning and label "3"
// gets index 3 when the labels are 0..N-1; otherwise they are sorted by their UTF-8 bytes (the
// order of Python's sorted() on str). A caller that must keep a given order (a trained model's
// id2label) builds the set with fromNames.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hone {

class LabelSet {
public:
    LabelSet() = default;

    // Exactly these names in this order (duplicates are dropped, the first one kept).
    static LabelSet fromNames(const std::vector<std::string> &names);
    // The distinct names among `names`, in the documented sorted order.
    static LabelSet sorted(const std::vector<std::string> &names);

    int size() const { return static_cast<int>(m_names.size()); }
    bool empty() const { return m_names.empty(); }
    const std::vector<std::string> &names() const { return m_names; }
    const std::string &name(int index) const { return m_names.at(static_cast<std::size_t>(index)); }
    int indexOf(std::string_view name) const; // -1 when absent
    bool contains(std::string_view name) const { return indexOf(name) >= 0; }
    // True when every name is a canonical integer (the numeric order applies).
    bool integerLabels() const;

    bool operator==(const LabelSet &other) const { return m_names == other.m_names; }
    bool operator!=(const LabelSet &other) const { return !(*this == other); }

private:
    std::vector<std::string> m_names;
    std::unordered_map<std::string, int> m_index;
};

// "0", "42", "-3": yes; "+3", "007", "-0", "1.0", "": no.
bool isCanonicalInteger(std::string_view text);

} // namespace hone

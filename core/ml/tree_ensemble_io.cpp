// Compiling an XGBoost booster into a TreeEnsemble: its JSON model, read and checked.

#include "core/ml/tree_ensemble.h"

#include "core/ml/xgboost_handles.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>
#include <type_traits>

namespace routing::ml {

namespace {

/// A tree deeper than this is refused (XGBoost's depthwise trees are ≤ 16 in practice).
constexpr int kMaxDepth = 64;
/// Keeps a node's column offset (2 × features × kBlockRows) within 32 bits.
constexpr int kMaxFeatures = 1 << 20;

/// A minimal reader for the JSON XGBoost writes. QJsonDocument would hand numbers over as double,
/// and a decimal → double → float round trip can land one float ulp away from XGBoost's own
/// decimal → float parse; std::from_chars reads each number straight into its type instead.
class JsonReader
{
public:
    explicit JsonReader(QByteArrayView text) : m_p(text.data()), m_end(text.data() + text.size()) {}

    bool failed() const { return m_failed; }

    bool enterObject() { return expect('{'); }
    bool enterArray() { return expect('['); }
    /// The next key of the current object, or false at its end.
    bool nextKey(std::string_view &key)
    {
        if (!nextItem('}'))
            return false;
        if (!string(key) || !expect(':')) {
            m_failed = true;
            return false;
        }
        return true;
    }
    /// Whether the current array has another element (positioned on it).
    bool nextElement() { return nextItem(']'); }

    bool string(std::string_view &out)
    {
        if (!expect('"'))
            return false;
        const char *begin = m_p;
        while (m_p < m_end && *m_p != '"')
            m_p += *m_p == '\\' ? 2 : 1;
        if (m_p >= m_end)
            return fail();
        out = std::string_view(begin, size_t(m_p - begin));
        ++m_p;
        return true;
    }

    template <typename T> bool number(T &out)
    {
        whitespace();
        const char *begin = m_p;
        while (m_p < m_end && isNumberChar(*m_p))
            ++m_p;
        return parse(std::string_view(begin, size_t(m_p - begin)), out) || fail();
    }

    template <typename T> bool numberArray(std::vector<T> &out)
    {
        out.clear();
        if (!enterArray())
            return false;
        while (nextElement()) {
            T value{};
            if (!number(value))
                return false;
            out.push_back(value);
        }
        return !m_failed;
    }

    void skip()
    {
        whitespace();
        if (m_p >= m_end) {
            fail();
            return;
        }
        if (*m_p == '"') {
            std::string_view ignored;
            string(ignored);
        } else if (*m_p == '{' || *m_p == '[') {
            int depth = 0;
            while (m_p < m_end) {
                const char c = *m_p;
                if (c == '"') {
                    std::string_view ignored;
                    if (!string(ignored))
                        return;
                    continue;
                }
                ++m_p;
                if (c == '{' || c == '[')
                    ++depth;
                else if ((c == '}' || c == ']') && --depth == 0)
                    return;
            }
            fail();
        } else {
            while (m_p < m_end && isNumberChar(*m_p))
                ++m_p;
        }
    }

    template <typename T> static bool parse(std::string_view text, T &out)
    {
        if constexpr (std::is_floating_point_v<T>) {
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out,
                                                   std::chars_format::general);
            return ec == std::errc{} && end == text.data() + text.size();
        } else {
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
            return ec == std::errc{} && end == text.data() + text.size();
        }
    }

private:
    static bool isNumberChar(char c)
    {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ||
               (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    void whitespace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    bool expect(char c)
    {
        whitespace();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return fail();
    }
    bool nextItem(char close)
    {
        if (m_failed)
            return false;
        whitespace();
        if (m_p < m_end && *m_p == close) {
            ++m_p;
            return false;
        }
        if (m_p < m_end && *m_p == ',')
            ++m_p;
        whitespace();
        if (m_p >= m_end)
            return fail();
        return true;
    }
    bool fail()
    {
        m_failed = true;
        return false;
    }

    const char *m_p;
    const char *m_end;
    bool m_failed = false;
};

struct RawTree
{
    std::vector<std::int32_t> left, right, splitIndex, defaultLeft, splitType;
    std::vector<float> conditions;
    int numNodes = -1;
    int sizeLeafVector = 0;
    bool categorical = false;
};

struct RawModel
{
    std::string_view booster;
    std::string_view objective;
    std::string_view baseScore;
    int numFeature = -1;
    int numTarget = 1;
    int numClass = 0;
    bool categoricalFeature = false;
    std::vector<std::int32_t> treeInfo;
    std::vector<RawTree> trees;
};

bool readIntString(JsonReader &r, int &out)
{
    std::string_view s;
    return r.string(s) && JsonReader::parse(s, out);
}

bool readTree(JsonReader &r, RawTree &tree)
{
    if (!r.enterObject())
        return false;
    std::string_view key;
    while (r.nextKey(key)) {
        bool ok = true;
        if (key == "left_children") {
            ok = r.numberArray(tree.left);
        } else if (key == "right_children") {
            ok = r.numberArray(tree.right);
        } else if (key == "split_indices") {
            ok = r.numberArray(tree.splitIndex);
        } else if (key == "split_conditions") {
            ok = r.numberArray(tree.conditions);
        } else if (key == "default_left") {
            ok = r.numberArray(tree.defaultLeft);
        } else if (key == "split_type") {
            ok = r.numberArray(tree.splitType);
        } else if (key == "categories" || key == "categories_nodes") {
            std::vector<std::int64_t> values;
            ok = r.numberArray(values);
            tree.categorical = tree.categorical || !values.empty();
        } else if (key == "tree_param") {
            ok = r.enterObject();
            std::string_view param;
            while (ok && r.nextKey(param)) {
                if (param == "num_nodes")
                    ok = readIntString(r, tree.numNodes);
                else if (param == "size_leaf_vector")
                    ok = readIntString(r, tree.sizeLeafVector);
                else
                    r.skip();
            }
        } else {
            r.skip();
        }
        if (!ok)
            return false;
    }
    return !r.failed();
}

bool readGradientBooster(JsonReader &r, RawModel &model)
{
    if (!r.enterObject())
        return false;
    std::string_view key;
    while (r.nextKey(key)) {
        if (key == "name") {
            if (!r.string(model.booster))
                return false;
        } else if (key == "model") {
            if (!r.enterObject())
                return false;
            std::string_view part;
            while (r.nextKey(part)) {
                if (part == "tree_info") {
                    if (!r.numberArray(model.treeInfo))
                        return false;
                } else if (part == "trees") {
                    if (!r.enterArray())
                        return false;
                    while (r.nextElement()) {
                        model.trees.emplace_back();
                        if (!readTree(r, model.trees.back()))
                            return false;
                    }
                } else {
                    r.skip();
                }
            }
        } else {
            r.skip(); // dart's "gbtree" and "weight_drop": refused by name below
        }
    }
    return !r.failed();
}

bool readLearner(JsonReader &r, RawModel &model)
{
    if (!r.enterObject())
        return false;
    std::string_view key;
    while (r.nextKey(key)) {
        bool ok = true;
        if (key == "gradient_booster") {
            ok = readGradientBooster(r, model);
        } else if (key == "feature_types") {
            ok = r.enterArray();
            std::string_view type;
            while (ok && r.nextElement()) {
                ok = r.string(type);
                model.categoricalFeature = model.categoricalFeature || type == "c";
            }
        } else if (key == "learner_model_param") {
            ok = r.enterObject();
            std::string_view param;
            while (ok && r.nextKey(param)) {
                if (param == "base_score")
                    ok = r.string(model.baseScore);
                else if (param == "num_feature")
                    ok = readIntString(r, model.numFeature);
                else if (param == "num_target")
                    ok = readIntString(r, model.numTarget);
                else if (param == "num_class")
                    ok = readIntString(r, model.numClass);
                else
                    r.skip();
            }
        } else if (key == "objective") {
            ok = r.enterObject();
            std::string_view part;
            while (ok && r.nextKey(part)) {
                if (part == "name")
                    ok = r.string(model.objective);
                else
                    r.skip();
            }
        } else {
            r.skip();
        }
        if (!ok)
            return false;
    }
    return !r.failed();
}

/// Objectives whose prediction is the raw margin (PredTransform and ProbToMargin are the identity
/// in XGBoost 1.7's src/objective/regression_obj.cu), so base_score is already in margin space.
bool identityLinkObjective(std::string_view name)
{
    return name == "reg:squarederror" || name == "reg:linear" || name == "reg:squaredlogerror" ||
           name == "reg:pseudohubererror" || name == "reg:absoluteerror";
}

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

Error unsupported(const QString &why)
{
    return Error{ErrorCode::ModelNotFound,
                 QStringLiteral("XGBoost model not compiled for fast prediction: %1").arg(why)};
}

} // namespace

Result<TreeEnsemble> TreeEnsemble::fromBooster(void *booster)
{
    bst_ulong length = 0;
    const char *bytes = nullptr;
    if (const Status s = xgb::check(
            XGBoosterSaveModelToBuffer(booster, R"({"format": "json"})", &length, &bytes),
            ErrorCode::Internal, QStringLiteral("saving the model as JSON"));
        !s)
        return std::unexpected(s.error());
    return fromJson(QByteArrayView(bytes, qsizetype(length)));
}

Result<TreeEnsemble> TreeEnsemble::fromJson(QByteArrayView json)
{
    RawModel model;
    JsonReader reader(json);
    bool ok = reader.enterObject();
    std::string_view key;
    while (ok && reader.nextKey(key)) {
        if (key == "learner")
            ok = readLearner(reader, model);
        else
            reader.skip();
    }
    if (!ok || reader.failed())
        return std::unexpected(unsupported(QStringLiteral("the JSON model could not be read")));

    if (model.booster != "gbtree")
        return std::unexpected(
            unsupported(QStringLiteral("booster \"%1\" (only gbtree)").arg(text(model.booster))));
    if (!identityLinkObjective(model.objective))
        return std::unexpected(
            unsupported(QStringLiteral("objective \"%1\" (only identity-link regression)")
                            .arg(text(model.objective))));
    if (model.numTarget > 1 || model.numClass > 1)
        return std::unexpected(unsupported(
            QStringLiteral("%1 targets, %2 classes").arg(model.numTarget).arg(model.numClass)));
    if (model.categoricalFeature)
        return std::unexpected(unsupported(QStringLiteral("categorical features")));
    float base = 0;
    if (!JsonReader::parse(model.baseScore, base))
        return std::unexpected(
            unsupported(QStringLiteral("base_score \"%1\"").arg(text(model.baseScore))));
    if (model.numFeature < 0 || model.numFeature > kMaxFeatures || model.trees.empty() ||
        model.treeInfo.size() != model.trees.size())
        return std::unexpected(
            unsupported(QStringLiteral("%1 trees, %2 tree_info entries, %3 features")
                            .arg(model.trees.size())
                            .arg(model.treeInfo.size())
                            .arg(model.numFeature)));
    if (std::any_of(model.treeInfo.begin(), model.treeInfo.end(), [](int g) { return g != 0; }))
        return std::unexpected(unsupported(QStringLiteral("more than one output group")));

    TreeEnsemble ensemble;
    // Node 0 is never reached: it keeps every leaf's left (itself − 1) a valid unsigned index.
    ensemble.m_nodes.push_back(Node{0.0f, 0, 0, 0.0f});
    ensemble.m_base = base;
    ensemble.m_features = model.numFeature;
    ensemble.m_trees.reserve(model.trees.size());
    for (size_t t = 0; t < model.trees.size(); ++t) {
        const RawTree &tree = model.trees[t];
        const auto bad = [&](const QString &why) {
            return std::unexpected(unsupported(QStringLiteral("tree %1: %2").arg(t).arg(why)));
        };
        const size_t n = tree.left.size();
        if (tree.categorical ||
            std::any_of(tree.splitType.begin(), tree.splitType.end(), [](int s) { return s != 0; }))
            return bad(QStringLiteral("categorical split"));
        if (tree.sizeLeafVector > 1)
            return bad(QStringLiteral("vector leaves"));
        if (n == 0 || tree.numNodes != int(n) || tree.right.size() != n ||
            tree.splitIndex.size() != n || tree.conditions.size() != n ||
            tree.defaultLeft.size() != n || (!tree.splitType.empty() && tree.splitType.size() != n))
            return bad(QStringLiteral("inconsistent node arrays"));

        const std::uint32_t offset = std::uint32_t(ensemble.m_nodes.size());
        if (ensemble.m_nodes.size() + n > size_t(std::numeric_limits<std::int32_t>::max()))
            return bad(QStringLiteral("too many nodes"));
        ensemble.m_nodes.resize(ensemble.m_nodes.size() + n);
        // Walk from the root: checks every reachable node (deleted ones are unreachable) and
        // measures the depth; a cycle or a shared child shows as a node seen twice.
        std::vector<std::pair<std::int32_t, int>> stack{{0, 0}};
        std::vector<char> seen(n, 0);
        int depth = 0;
        while (!stack.empty()) {
            const auto [i, d] = stack.back();
            stack.pop_back();
            if (seen[size_t(i)] || d > kMaxDepth)
                return bad(QStringLiteral("not a tree of depth ≤ %1").arg(kMaxDepth));
            seen[size_t(i)] = 1;
            depth = std::max(depth, d);
            Node &node = ensemble.m_nodes[size_t(offset) + size_t(i)];
            const std::int32_t l = tree.left[size_t(i)];
            if (l == -1) { // XGBoost's IsLeaf(): for a leaf, split_conditions holds the leaf value
                node = Node{std::numeric_limits<float>::quiet_NaN(), 0,
                            offset + std::uint32_t(i) - 1, tree.conditions[size_t(i)]};
                continue;
            }
            const std::int32_t f = tree.splitIndex[size_t(i)];
            const float c = tree.conditions[size_t(i)];
            // XGBoost takes the right child as left + 1 for a present value but reads the stored
            // right child for a missing one; both agree only when the children are a pair.
            if (l <= 0 || size_t(l) + 1 >= n || tree.right[size_t(i)] != l + 1)
                return bad(QStringLiteral("node %1 children %2/%3")
                               .arg(i)
                               .arg(l)
                               .arg(tree.right[size_t(i)]));
            if (f < 0 || f >= model.numFeature)
                return bad(QStringLiteral("node %1 splits on feature %2").arg(i).arg(f));
            // A missing value reads −inf here when it goes left (−inf < c for every c above −inf)
            // and +inf when it goes right (!(+inf < c) for every c); see predictRange.
            if (std::isnan(c) || c == -std::numeric_limits<float>::infinity())
                return bad(QStringLiteral("node %1 splits at %2").arg(i).arg(double(c)));
            const bool missingLeft = tree.defaultLeft[size_t(i)] != 0;
            node = Node{c, std::uint32_t(missingLeft ? f : model.numFeature + f) * kBlockRows,
                        offset + std::uint32_t(l), 0.0f};
            stack.push_back({l, d + 1});
            stack.push_back({l + 1, d + 1});
        }
        ensemble.m_trees.push_back(Tree{offset, depth});
    }
    return ensemble;
}

} // namespace routing::ml

#pragma once

#include "core/ml/similar_item_index.h"

#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace routing::ml {

class RoutingLibrary;

/// One step of a routing synthesised from similar items.
struct SynthesizedStep
{
    int procSeq = 0;
    QString jobCd;
    QString jobNm;
    QString resCd;
    QString resDis;
    QString insideFlag;
    std::optional<double> standardSetup; ///< weighted median of the neighbours' SETUP_TIME
    std::optional<double> standardRun;   ///< weighted median of the neighbours' RUN_TIME
    double support = 0;                  ///< share of the neighbours' weight that has this step
};

struct SynthesizedRouting
{
    QList<SynthesizedStep> steps;
    double confidence = 0;
};

/// Pools the current routings of an item's neighbours into one routing.
///
/// Votes are weighted by similarity^`weightPower` (2: the original's SIMILARITY_WEIGHT_POWER).
/// A step is identified by its JOB_CD and its occurrence (the second CNC01 of a routing is another
/// step than the first), not by its PROC_SEQ: when an optional step is present in one neighbour and
/// absent in another, plants that renumber routings shift every later PROC_SEQ, and a vote per
/// PROC_SEQ would then mix different processes. A step is kept when the neighbours holding it carry
/// at least `minSupport` of the weight; kept steps are ordered by their weighted mean PROC_SEQ.
/// Each step takes the PROC_SEQ most of its weight gives it, unless that breaks the order (then the
/// routing is renumbered 10, 20, …), and the RES_CD / INSIDE_FLAG with the most weight.
/// Confidence = mean support of the kept steps × weighted mean similarity of the neighbours.
class RoutingSynthesizer final
{
public:
    struct Options
    {
        double minSupport = 0.5;
        double weightPower = 2.0;
    };

    static SynthesizedRouting synthesize(const RoutingLibrary &library,
                                         const std::vector<Neighbour> &neighbours,
                                         const Options &options);
};

} // namespace routing::ml

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>routing::app</name>
    <message>
        <source>No configuration file found. Pass --config FILE.</source>
        <translation>설정 파일을 찾을 수 없습니다. --config FILE 을 지정하십시오.</translation>
    </message>
    <message>
        <source>Configuration error</source>
        <translation>설정 오류</translation>
    </message>
    <message>
        <source>HTTP endpoint</source>
        <translation>HTTP 엔드포인트</translation>
    </message>
    <message>
        <source>routing-console: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open.
  In a virtual display: xvfb-run -a routing-console
  Check the configuration: routing-console check-config
</source>
        <translation>routing-console: 디스플레이를 찾을 수 없어 (DISPLAY와 WAYLAND_DISPLAY가 설정되지 않음) 창을 열 수 없습니다.
  가상 디스플레이에서 실행: xvfb-run -a routing-console
  설정 확인: routing-console check-config
</translation>
    </message>
    <message>
        <source>routing-console: this build has no window (ROUTING_BUILD_UI=OFF); see --help
</source>
        <translation>routing-console: 이 빌드에는 창이 없습니다 (ROUTING_BUILD_UI=OFF). --help 를 참고하십시오
</translation>
    </message>
    <message>
        <source>Configuration file (default: $ROUTING_CONSOLE_CONFIG, then ./config/iter_training.yaml).</source>
        <translation>설정 파일 (기본값: $ROUTING_CONSOLE_CONFIG, 없으면 ./config/iter_training.yaml).</translation>
    </message>
    <message>
        <source>Language of the window, the help and the messages: ko or en (default: the system&apos;s).</source>
        <translation>창, 도움말, 메시지의 언어: ko 또는 en (기본값: 시스템 언어).</translation>
    </message>
    <message>
        <source>Usage: routing-console [--config FILE] [--lang ko|en] [COMMAND] [OPTIONS]

Routing ML operator console: evaluates, retrains, deploys and rolls back the
routing model. Without a command it opens the window.

Commands:
%1
Global options:
  -c, --config FILE  Configuration file.
  --lang ko|en       Language of the help and messages (default: the system&apos;s).
  -h, --help         This help; COMMAND --help for a command&apos;s options.
  -v, --version      Print the version.

Exit codes: 0 ok, 1 warning, 2 critical, 3 runtime failure,
            4 usage or configuration error.
</source>
        <translation>사용법: routing-console [--config FILE] [--lang ko|en] [COMMAND] [OPTIONS]

라우팅 ML 운영 콘솔: 라우팅 모델을 평가하고 재학습, 배포, 롤백합니다.
명령 없이 실행하면 창을 엽니다.

명령:
%1
전역 옵션:
  -c, --config FILE  설정 파일.
  --lang ko|en       도움말과 메시지의 언어 (기본값: 시스템 언어).
  -h, --help         이 도움말. 명령별 옵션은 COMMAND --help 로 봅니다.
  -v, --version      버전을 표시합니다.

종료 코드: 0 정상, 1 경고, 2 심각, 3 실행 실패,
           4 사용법 또는 설정 오류.
</translation>
    </message>
    <message>
        <source>--lang must be ko or en, not &apos;%1&apos;</source>
        <translation>--lang 은 ko 또는 en 이어야 합니다 (입력값: &apos;%1&apos;)</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos; (see --help)</source>
        <translation>알 수 없는 명령 &apos;%1&apos; (--help 참고)</translation>
    </message>
    <message>
        <source>unknown command</source>
        <translation>알 수 없는 명령</translation>
    </message>
    <message>
        <source>Usage: routing-console %1 [options] %2</source>
        <translation>사용법: routing-console %1 [옵션] %2</translation>
    </message>
    <message>
        <source>no configuration file found; pass --config FILE</source>
        <translation>설정 파일을 찾을 수 없습니다. --config FILE 을 지정하십시오</translation>
    </message>
    <message>
        <source>%1 is invalid:
%2</source>
        <translation>%1 이(가) 올바르지 않습니다:
%2</translation>
    </message>
    <message>
        <source>takes at most one FILE</source>
        <translation>FILE 은 하나까지만 지정할 수 있습니다</translation>
    </message>
    <message>
        <source>no configuration file given and none found (set --config or ROUTING_CONSOLE_CONFIG)</source>
        <translation>설정 파일이 지정되지 않았고 찾을 수도 없습니다 (--config 또는 ROUTING_CONSOLE_CONFIG 를 지정하십시오)</translation>
    </message>
    <message>
        <source>%1 is valid (database: %2 %3%4)
</source>
        <translation>%1 은(는) 올바른 설정입니다 (데이터베이스: %2 %3%4)
</translation>
    </message>
    <message>
        <source>, demo plant</source>
        <translation>, 데모 공장</translation>
    </message>
    <message>
        <source>takes no positional argument (&apos;%1&apos;)</source>
        <translation>위치 인자를 받지 않습니다 (&apos;%1&apos;)</translation>
    </message>
    <message>
        <source>--items must be an integer in [10, 1000000], not &apos;%1&apos;</source>
        <translation>--items 는 [10, 1000000] 범위의 정수여야 합니다 (입력값: &apos;%1&apos;)</translation>
    </message>
    <message>
        <source>--seed must be a non-negative integer, not &apos;%1&apos;</source>
        <translation>--seed 는 0 이상의 정수여야 합니다 (입력값: &apos;%1&apos;)</translation>
    </message>
    <message>
        <source>--end-date must be a date YYYY-MM-DD, not &apos;%1&apos;</source>
        <translation>--end-date 는 YYYY-MM-DD 형식의 날짜여야 합니다 (입력값: &apos;%1&apos;)</translation>
    </message>
    <message>
        <source>--force and --if-missing exclude each other</source>
        <translation>--force 와 --if-missing 은 함께 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>the configuration names an ERP database; no demo plant needed</source>
        <translation>설정에 ERP 데이터베이스가 지정되어 있으므로 데모 공장이 필요하지 않습니다</translation>
    </message>
    <message>
        <source>the demo plant %1 is already there</source>
        <translation>데모 공장 %1 이(가) 이미 있습니다</translation>
    </message>
    <message>
        <source>%1 already exists; add --force to replace it</source>
        <translation>%1 이(가) 이미 있습니다. 교체하려면 --force 를 추가하십시오</translation>
    </message>
    <message>
        <source>Demo plant written to %1
  items %2 (%3 with a routing), routing rows %4, work-order rows %5
  part families %6, history %7 .. %8, drift from %9 at %10
  generated in %11 s
</source>
        <translation>데모 공장을 %1 에 기록했습니다
  품목 %2 (라우팅 있음 %3), 라우팅 행 %4, 작업지시 행 %5
  부품군 %6, 이력 %7 .. %8, %9 부터 %10 에서 드리프트
  생성 시간 %11 초
</translation>
    </message>
    <message>
        <source>warning: %1
</source>
        <translation>경고: %1
</translation>
    </message>
    <message>
        <source>Validate a configuration file; exit 0 if valid, 4 if not.</source>
        <translation>설정 파일을 검증합니다. 올바르면 종료 코드 0, 아니면 4.</translation>
    </message>
    <message>
        <source>The file (default: the configured one).</source>
        <translation>검증할 파일 (기본값: 현재 설정 파일).</translation>
    </message>
    <message>
        <source>Generate the embedded SQLite demo plant.</source>
        <translation>내장 SQLite 데모 공장을 생성합니다.</translation>
    </message>
    <message>
        <source>Number of items (default: database.demo_items, 20000).</source>
        <translation>품목 수 (기본값: database.demo_items, 20000).</translation>
    </message>
    <message>
        <source>Random seed (default: database.demo_seed, 42).</source>
        <translation>난수 시드 (기본값: database.demo_seed, 42).</translation>
    </message>
    <message>
        <source>SQLite file to write (default: the configured demo plant).</source>
        <translation>기록할 SQLite 파일 (기본값: 설정된 데모 공장).</translation>
    </message>
    <message>
        <source>Last day of work-order history, YYYY-MM-DD (default today).</source>
        <translation>작업지시 이력의 마지막 날짜, YYYY-MM-DD (기본값: 오늘).</translation>
    </message>
    <message>
        <source>Replace an existing file.</source>
        <translation>기존 파일을 교체합니다.</translation>
    </message>
    <message>
        <source>Only if the demo plant is configured and does not exist yet.</source>
        <translation>데모 공장이 설정되어 있고 아직 없을 때만 생성합니다.</translation>
    </message>
    <message>
        <source>cycle %1: %2 (level %3)
</source>
        <translation>평가 주기 %1: %2 (수준 %3)
</translation>
    </message>
    <message>
        <source>  error: %1
</source>
        <translation>  오류: %1
</translation>
    </message>
    <message>
        <source>  alert %1 [%2] %3
</source>
        <translation>  경보 %1 [%2] %3
</translation>
    </message>
    <message>
        <source>  retraining: %1
</source>
        <translation>  재학습: %1
</translation>
    </message>
    <message>
        <source>  report: %1
</source>
        <translation>  보고서: %1
</translation>
    </message>
    <message>
        <source>--as-of must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, not &apos;%1&apos;</source>
        <translation>--as-of 는 YYYY-MM-DD 또는 YYYY-MM-DDTHH:MM:SS 형식이어야 합니다 (입력값: &apos;%1&apos;)</translation>
    </message>
    <message>
        <source>--sample-size must be an integer in [10, 10000], not &apos;%1&apos;</source>
        <translation>--sample-size 는 [10, 10000] 범위의 정수여야 합니다 (입력값: &apos;%1&apos;)</translation>
    </message>
    <message>
        <source>--strategy must be random, stratified or recent_bias, not &apos;%1&apos;</source>
        <translation>--strategy 는 random, stratified, recent_bias 중 하나여야 합니다 (입력값: &apos;%1&apos;)</translation>
    </message>
    <message>
        <source>probation check failed: %1</source>
        <translation>시험 운영 점검 실패: %1</translation>
    </message>
    <message>
        <source>Run one quality cycle; exit 0 normal, 1 warning, 2 critical, 3 failed.</source>
        <translation>품질 평가를 한 주기 실행합니다. 종료 코드 0 정상, 1 경고, 2 심각, 3 실패.</translation>
    </message>
    <message>
        <source>Evaluate as of this time (default now).</source>
        <translation>이 시점 기준으로 평가합니다 (기본값: 지금).</translation>
    </message>
    <message>
        <source>Items to sample (default sampling.sample_size).</source>
        <translation>표본으로 뽑을 품목 수 (기본값: sampling.sample_size).</translation>
    </message>
    <message>
        <source>random, stratified or recent_bias.</source>
        <translation>random, stratified 또는 recent_bias.</translation>
    </message>
    <message>
        <source>Sampling seed (default sampling.seed).</source>
        <translation>표본 추출 시드 (기본값: sampling.seed).</translation>
    </message>
    <message>
        <source>Print the cycle report as JSON.</source>
        <translation>평가 주기 보고서를 JSON 으로 출력합니다.</translation>
    </message>
    <message>
        <source>cannot read --items-file %1: %2</source>
        <translation>--items-file %1 을(를) 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1:%2: not UTF-8 text</source>
        <translation>%1:%2: UTF-8 텍스트가 아닙니다</translation>
    </message>
    <message>
        <source>give item codes with --items A,B,… or --items-file FILE</source>
        <translation>--items A,B,… 또는 --items-file FILE 로 품목 코드를 지정하십시오</translation>
    </message>
    <message>
        <source>at most 100000 items per call (%1 given)</source>
        <translation>한 번에 최대 100000 품목까지 가능합니다 (%1 개 지정됨)</translation>
    </message>
    <message>
        <source>%1: error: %2
</source>
        <translation>%1: 오류: %2
</translation>
    </message>
    <message>
        <source>%1  source %2  confidence %3  (%4 steps)
</source>
        <translation>%1  출처 %2  신뢰도 %3  (공정 %4 개)
</translation>
    </message>
    <message>
        <source>  %1  %2  %3  setup %4 min  run %5 min/unit
</source>
        <translation>  %1  %2  %3  준비 %4 분  가공 %5 분/개
</translation>
    </message>
    <message>
        <source>--order-qty must be a positive number</source>
        <translation>--order-qty 는 양수여야 합니다</translation>
    </message>
    <message>
        <source>no active model yet; train one with: routing-console train --wait</source>
        <translation>아직 활성 모델이 없습니다. 다음 명령으로 학습하십시오: routing-console train --wait</translation>
    </message>
    <message>
        <source>Predict routings and step times for items with the active model.</source>
        <translation>활성 모델로 품목의 라우팅과 공정 시간을 예측합니다.</translation>
    </message>
    <message>
        <source>Comma-separated item codes.</source>
        <translation>쉼표로 구분한 품목 코드.</translation>
    </message>
    <message>
        <source>File with item codes, one per line (UTF-8).</source>
        <translation>품목 코드 파일, 한 줄에 하나 (UTF-8).</translation>
    </message>
    <message>
        <source>JSON Lines: one object per item.</source>
        <translation>JSON Lines: 품목마다 객체 하나.</translation>
    </message>
    <message>
        <source>Predict as if the items were new (leave-one-out).</source>
        <translation>신규 품목처럼 예측합니다 (leave-one-out).</translation>
    </message>
    <message>
        <source>Add the top-5 feature contributions per step.</source>
        <translation>공정마다 기여도가 큰 특성 5개를 추가합니다.</translation>
    </message>
    <message>
        <source>Lot size for the run times (default: the item&apos;s typical).</source>
        <translation>가공 시간 계산에 쓸 로트 크기 (기본값: 품목의 일반적인 로트).</translation>
    </message>
    <message>
        <source>takes no positional argument</source>
        <translation>위치 인자를 받지 않습니다</translation>
    </message>
    <message>
        <source>queued %1
</source>
        <translation>대기열에 등록됨: %1
</translation>
    </message>
    <message>
        <source>no console is running the jobs of this state directory; it runs when one does (the window, or `train --wait`)</source>
        <translation>이 상태 디렉터리의 작업을 실행하는 콘솔이 없습니다. 콘솔(창 또는 `train --wait`)이 실행되면 처리됩니다</translation>
    </message>
    <message>
        <source>%1 is queued; following it there</source>
        <translation>%1 이(가) 대기열에 있습니다. 그 콘솔의 진행 상황을 따라갑니다</translation>
    </message>
    <message>
        <source>%1 queued; running it in a worker process</source>
        <translation>%1 대기열 등록. 워커 프로세스에서 실행합니다</translation>
    </message>
    <message>
        <source>the console running the jobs ended; running them here</source>
        <translation>작업을 실행하던 콘솔이 종료되었습니다. 여기서 실행합니다</translation>
    </message>
    <message>
        <source>job %1 vanished</source>
        <translation>작업 %1 이(가) 사라졌습니다</translation>
    </message>
    <message>
        <source>--limit must be a positive integer</source>
        <translation>--limit 는 양의 정수여야 합니다</translation>
    </message>
    <message>
        <source>queue: %1 pending, %2 running, capacity %3
</source>
        <translation>대기열: 대기 %1, 실행 중 %2, 용량 %3
</translation>
    </message>
    <message>
        <source>JOB</source>
        <extracomment>Column headers of the job list; the rows below keep the English state names.</extracomment>
        <translation>작업</translation>
    </message>
    <message>
        <source>STATE</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>PROG</source>
        <translation>진행</translation>
    </message>
    <message>
        <source>CREATED</source>
        <translation>생성 시각</translation>
    </message>
    <message>
        <source>BY</source>
        <translation>요청자</translation>
    </message>
    <message>
        <source>OUTCOME</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>takes exactly one JOB_ID (see `jobs`)</source>
        <translation>JOB_ID 를 정확히 하나 지정해야 합니다 (`jobs` 참고)</translation>
    </message>
    <message>
        <source>cancel requested for %1; the console running it (pid %2) stops its worker
</source>
        <translation>%1 취소를 요청했습니다. 실행 중인 콘솔(pid %2)이 워커를 중지합니다
</translation>
    </message>
    <message>
        <source>--job DIR is required</source>
        <translation>--job DIR 이 필요합니다</translation>
    </message>
    <message>
        <source>Queue a training job; --wait runs it and exits 0 when deployed or kept, 3 when failed.</source>
        <translation>학습 작업을 대기열에 넣습니다. --wait 이면 직접 실행하고 배포 또는 유지 시 0, 실패 시 3 으로 종료합니다.</translation>
    </message>
    <message>
        <source>Run the queue here (or follow the console that runs it) until the job ends.</source>
        <translation>작업이 끝날 때까지 여기서 대기열을 실행합니다 (또는 실행 중인 콘솔을 따라갑니다).</translation>
    </message>
    <message>
        <source>Why (recorded with the job and the version).</source>
        <translation>사유 (작업과 버전에 기록됩니다).</translation>
    </message>
    <message>
        <source>Training time, YYYY-MM-DD[THH:MM:SS] (default: when it starts).</source>
        <translation>학습 기준 시각, YYYY-MM-DD[THH:MM:SS] (기본값: 시작 시각).</translation>
    </message>
    <message>
        <source>Print the job as JSON.</source>
        <translation>작업을 JSON 으로 출력합니다.</translation>
    </message>
    <message>
        <source>List the training jobs (newest first).</source>
        <translation>학습 작업 목록을 표시합니다 (최신순).</translation>
    </message>
    <message>
        <source>Print JSON.</source>
        <translation>JSON 으로 출력합니다.</translation>
    </message>
    <message>
        <source>At most N jobs (default 50).</source>
        <translation>최대 N 개 작업 (기본값 50).</translation>
    </message>
    <message>
        <source>Cancel a queued or running training job.</source>
        <translation>대기 중이거나 실행 중인 학습 작업을 취소합니다.</translation>
    </message>
    <message>
        <source>The job (see `jobs`).</source>
        <translation>작업 (`jobs` 참고).</translation>
    </message>
    <message>
        <source>Internal: the training worker process the console starts.</source>
        <translation>내부용: 콘솔이 시작하는 학습 워커 프로세스.</translation>
    </message>
    <message>
        <source>The job directory (data/training_jobs/&lt;id&gt;).</source>
        <translation>작업 디렉터리 (data/training_jobs/&lt;id&gt;).</translation>
    </message>
    <message>
        <source>End when stdin closes (the console went away).</source>
        <translation>stdin 이 닫히면 (콘솔이 종료되면) 끝냅니다.</translation>
    </message>
    <message>
        <source>active: %1   previous (rollback target): %2
</source>
        <translation>활성: %1   이전 (롤백 대상): %2
</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>probation: %1 %2 (%3 of %4 cycles)
</source>
        <translation>시험 운영: %1 %2 (%4 주기 중 %3)
</translation>
    </message>
    <message>
        <source>VERSION</source>
        <extracomment>Column headers of the version list; TRIM-MAE is the trimmed mean absolute error.</extracomment>
        <translation>버전</translation>
    </message>
    <message>
        <source>MODEL TRIM-MAE</source>
        <translation>모델 TRIM-MAE</translation>
    </message>
    <message>
        <source>REASON</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>
Activation history (* active, &lt; previous):
</source>
        <translation>
활성화 이력 (* 활성, &lt; 이전):
</translation>
    </message>
    <message>
        <source>  #%1 %2 %3 %4 -&gt; %5 by %6: %7
</source>
        <translation>  #%1 %2 %3 %4 -&gt; %5 (%6): %7
</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>takes exactly one VERSION (see `versions`)</source>
        <translation>VERSION 을 정확히 하나 지정해야 합니다 (`versions` 참고)</translation>
    </message>
    <message>
        <source>--reason TEXT is required (it goes into the history and the audit log)</source>
        <translation>--reason TEXT 가 필요합니다 (이력과 감사 로그에 기록됩니다)</translation>
    </message>
    <message>
        <source>%1: %2 -&gt; %3 (verified: checksums, load, smoke test on golden items)
</source>
        <translation>%1: %2 -&gt; %3 (검증 완료: 체크섬, 로드, 기준 품목 스모크 테스트)
</translation>
    </message>
    <message>
        <source>--keep must be a positive integer</source>
        <translation>--keep 은 양의 정수여야 합니다</translation>
    </message>
    <message>
        <source>nothing to remove (keeping %1; the active and the previous version are always kept)
</source>
        <translation>삭제할 버전이 없습니다 (%1 개 유지. 활성 버전과 이전 버전은 항상 유지됩니다)
</translation>
    </message>
    <message>
        <source>removed %1
</source>
        <translation>삭제됨: %1
</translation>
    </message>
    <message>
        <source>List the model versions and the activation history.</source>
        <translation>모델 버전과 활성화 이력을 표시합니다.</translation>
    </message>
    <message>
        <source>Why (required; recorded in the history).</source>
        <translation>사유 (필수. 이력에 기록됩니다).</translation>
    </message>
    <message>
        <source>Verify a listed version and make it the active model.</source>
        <translation>목록의 버전을 검증하고 활성 모델로 지정합니다.</translation>
    </message>
    <message>
        <source>The version (see `versions`).</source>
        <translation>버전 (`versions` 참고).</translation>
    </message>
    <message>
        <source>Go back to the version that was active before the current one (verified).</source>
        <translation>현재 버전 이전에 활성이던 버전으로 롤백합니다 (검증 후).</translation>
    </message>
    <message>
        <source>Delete old model versions beyond retention.keep_versions (never the active or previous one).</source>
        <translation>retention.keep_versions 를 넘는 오래된 모델 버전을 삭제합니다 (활성 버전과 이전 버전은 제외).</translation>
    </message>
    <message>
        <source>Versions to keep (default retention.keep_versions).</source>
        <translation>유지할 버전 수 (기본값: retention.keep_versions).</translation>
    </message>
    <message>
        <source>--port must be 0..65535 (0: any free port)</source>
        <translation>--port 는 0..65535 여야 합니다 (0: 비어 있는 아무 포트)</translation>
    </message>
    <message>
        <source>the demo plant %1 does not exist yet; create it with `routing-console init-demo` (until then /health reports the database DOWN)</source>
        <translation>데모 공장 %1 이(가) 아직 없습니다. `routing-console init-demo` 로 생성하십시오 (그때까지 /health 는 데이터베이스를 DOWN 으로 보고합니다)</translation>
    </message>
    <message>
        <source>listening on %1 (health: %1/health, metrics: %1/metrics)</source>
        <translation>%1 에서 수신 대기 중 (상태: %1/health, 지표: %1/metrics)</translation>
    </message>
    <message>
        <source>the HTTP endpoint is off (http.enabled: false)</source>
        <translation>HTTP 엔드포인트가 꺼져 있습니다 (http.enabled: false)</translation>
    </message>
    <message>
        <source>running; stop with Ctrl+C or SIGTERM</source>
        <translation>실행 중. Ctrl+C 또는 SIGTERM 으로 중지합니다</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>중지하는 중</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>Run headless: quality schedule, training jobs and the HTTP endpoint (no window).</source>
        <translation>창 없이 실행합니다: 품질 평가 일정, 학습 작업, HTTP 엔드포인트.</translation>
    </message>
    <message>
        <source>Listen on this port instead of http.port (0: any free port).</source>
        <translation>http.port 대신 이 포트에서 수신합니다 (0: 비어 있는 아무 포트).</translation>
    </message>
    <message>
        <source>Do not arm the evaluation schedule (API requests still run).</source>
        <translation>평가 일정을 걸지 않습니다 (API 요청은 계속 처리).</translation>
    </message>
    <message>
        <source>Do not run the training queue in this process.</source>
        <translation>이 프로세스에서 학습 대기열을 실행하지 않습니다.</translation>
    </message>
    <message>
        <source>Print the result as JSON (valid, problems).</source>
        <translation>결과를 JSON 으로 출력합니다 (valid, problems).</translation>
    </message>
    <message>
        <source>use one of --ack, --shelve, --unshelve at a time</source>
        <translation>--ack, --shelve, --unshelve 중 하나만 사용하십시오</translation>
    </message>
    <message>
        <source>--ack needs an alert id (see `alerts`)</source>
        <translation>--ack 에는 경보 ID 가 필요합니다 (`alerts` 참고)</translation>
    </message>
    <message>
        <source>alert %1 acknowledged by %2
</source>
        <translation>경보 %1 을(를) %2 이(가) 확인했습니다
</translation>
    </message>
    <message>
        <source>--shelve ID needs --hours H (0 &lt; H &lt;= 720) and --reason TEXT</source>
        <translation>--shelve ID 에는 --hours H (0 &lt; H &lt;= 720) 와 --reason TEXT 가 필요합니다</translation>
    </message>
    <message>
        <source>alert %1 shelved until %2 by %3
</source>
        <translation>경보 %1 을(를) %3 이(가) %2 까지 보류했습니다
</translation>
    </message>
    <message>
        <source>--unshelve needs an alert id (see `alerts`)</source>
        <translation>--unshelve 에는 경보 ID 가 필요합니다 (`alerts` 참고)</translation>
    </message>
    <message>
        <source>alert %1 unshelved by %2
</source>
        <translation>경보 %1 의 보류를 %2 이(가) 해제했습니다
</translation>
    </message>
    <message>
        <source>no active alerts
</source>
        <translation>활성 경보가 없습니다
</translation>
    </message>
    <message>
        <source> cleared</source>
        <translation> 해제됨</translation>
    </message>
    <message>
        <source> acknowledged by %1</source>
        <translation> %1 확인</translation>
    </message>
    <message>
        <source> shelved until %1</source>
        <translation> %1 까지 보류</translation>
    </message>
    <message>
        <source>List the active alerts; acknowledge, shelve or unshelve one.</source>
        <translation>활성 경보를 표시합니다. 경보를 확인, 보류, 보류 해제할 수 있습니다.</translation>
    </message>
    <message>
        <source>Also the recently cleared ones.</source>
        <translation>최근 해제된 경보도 표시합니다.</translation>
    </message>
    <message>
        <source>Print the alerts as JSON.</source>
        <translation>경보를 JSON 으로 출력합니다.</translation>
    </message>
    <message>
        <source>Acknowledge this alert.</source>
        <translation>이 경보를 확인 처리합니다.</translation>
    </message>
    <message>
        <source>A note with --ack.</source>
        <translation>--ack 와 함께 남길 메모.</translation>
    </message>
    <message>
        <source>Shelve this alert (it stops triggering retraining).</source>
        <translation>이 경보를 보류합니다 (보류 중에는 재학습을 요청하지 않습니다).</translation>
    </message>
    <message>
        <source>How long to shelve (hours).</source>
        <translation>보류 시간 (시간).</translation>
    </message>
    <message>
        <source>Why it is shelved.</source>
        <translation>보류 사유.</translation>
    </message>
    <message>
        <source>End the shelving of this alert.</source>
        <translation>이 경보의 보류를 해제합니다.</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>reading the ERP</source>
        <translation>ERP 읽는 중</translation>
    </message>
    <message>
        <source>preparing the training data</source>
        <translation>학습 데이터 준비 중</translation>
    </message>
    <message>
        <source>training the similar-item baseline</source>
        <translation>유사 품목 기준 모델 학습 중</translation>
    </message>
    <message>
        <source>training XGBoost</source>
        <translation>XGBoost 학습 중</translation>
    </message>
    <message>
        <source>training the MLP</source>
        <translation>MLP 학습 중</translation>
    </message>
    <message>
        <source>training the stacking blend</source>
        <translation>스태킹 결합 학습 중</translation>
    </message>
    <message>
        <source>candidates trained</source>
        <translation>후보 모델 학습 완료</translation>
    </message>
    <message>
        <source>building the similar-item index</source>
        <translation>유사 품목 색인 구축 중</translation>
    </message>
    <message>
        <source>validating on held-out data</source>
        <translation>보류 데이터로 검증 중</translation>
    </message>
    <message>
        <source>checking the process match</source>
        <translation>공정 일치율 확인 중</translation>
    </message>
    <message>
        <source>comparing with the live model</source>
        <translation>활성 모델과 비교 중</translation>
    </message>
    <message>
        <source>finalising the model</source>
        <translation>모델 마무리 중</translation>
    </message>
    <message>
        <source>writing the model</source>
        <translation>모델 저장 중</translation>
    </message>
    <message>
        <source>recording the smoke-test items</source>
        <translation>스모크 테스트 품목 기록 중</translation>
    </message>
    <message>
        <source>done</source>
        <translation>완료</translation>
    </message>
</context>
<context>
    <name>routing::quality</name>
    <message>
        <source>succeeded</source>
        <translation>성공</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>정상</translation>
    </message>
    <message>
        <source>info</source>
        <translation>정보</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>경고</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>심각</translation>
    </message>
    <message>
        <source>Connecting to the ERP database</source>
        <translation>ERP 데이터베이스에 연결하는 중</translation>
    </message>
    <message>
        <source>Listing items with actuals</source>
        <translation>실적이 있는 품목을 찾는 중</translation>
    </message>
    <message>
        <source>Reading work-order results</source>
        <translation>작업 실적을 읽는 중</translation>
    </message>
    <message>
        <source>Predicting</source>
        <translation>예측하는 중</translation>
    </message>
    <message>
        <source>Predicting (%1 of %2 items)</source>
        <translation>예측하는 중 (%2 품목 중 %1)</translation>
    </message>
    <message>
        <source>Computing metrics</source>
        <translation>지표를 계산하는 중</translation>
    </message>
    <message>
        <source>Checking thresholds and alerts</source>
        <translation>임계값과 경보를 확인하는 중</translation>
    </message>
    <message>
        <source>Writing reports</source>
        <translation>보고서를 쓰는 중</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>완료</translation>
    </message>
</context>
<context>
    <name>routing::ui::DemoBanner</name>
    <message>
        <source>DEMO DATA — generating the demo plant for the first launch (%1%). This console is not connected to your plant&apos;s ERP.</source>
        <translation>데모 데이터 — 첫 실행을 위해 데모 공장을 생성하는 중입니다 (%1%). 이 콘솔은 공장 ERP에 연결되어 있지 않습니다.</translation>
    </message>
    <message>
        <source>DEMO DATA — the demo plant could not be generated: %1</source>
        <translation>데모 데이터 — 데모 공장을 생성하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>DEMO DATA — generated demo plant, not your plant&apos;s ERP. Set database: in the configuration file to connect it.</source>
        <translation>데모 데이터 — 공장 ERP가 아닌 생성된 데모 공장입니다. 연결하려면 설정 파일의 database: 항목을 지정하십시오.</translation>
    </message>
</context>
<context>
    <name>routing::ui::MainWindow</name>
    <message>
        <source>Routing ML Operator Console</source>
        <translation>라우팅 ML 운영 콘솔</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>개요</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <source>Configured ERP database</source>
        <translation>설정된 ERP 데이터베이스</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>준비됨</translation>
    </message>
    <message>
        <source>Demo plant present</source>
        <translation>데모 공장 있음</translation>
    </message>
    <message>
        <source>Ready — demo data</source>
        <translation>준비됨 — 데모 데이터</translation>
    </message>
    <message>
        <source>Generating the demo plant…</source>
        <translation>데모 공장을 생성하는 중…</translation>
    </message>
    <message>
        <source>Demo plant generated on this launch</source>
        <translation>이번 실행에서 데모 공장을 생성했습니다</translation>
    </message>
    <message>
        <source>Demo plant generation failed</source>
        <translation>데모 공장 생성 실패</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>품질</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>모델 버전</translation>
    </message>
</context>
<context>
    <name>routing::ui::ModelVersionsPage</name>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Activate…</source>
        <translation>활성화…</translation>
    </message>
    <message>
        <source>Roll back…</source>
        <translation>롤백…</translation>
    </message>
    <message>
        <source>State</source>
        <extracomment>Column headers of the model version table; the first column marks active / previous.</extracomment>
        <translation>상태</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>버전</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>생성 시각</translation>
    </message>
    <message>
        <source>Selected model</source>
        <translation>선정 모델</translation>
    </message>
    <message>
        <source>Validation trimmed MAE</source>
        <translation>검증 절사 MAE</translation>
    </message>
    <message>
        <source>Activation history</source>
        <translation>활성화 이력</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>From</source>
        <translation>이전</translation>
    </message>
    <message>
        <source>To</source>
        <translation>이후</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>작업자</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>The model registry is not available.</source>
        <translation>모델 저장소를 사용할 수 없습니다.</translation>
    </message>
    <message>
        <source>Cannot read the model registry: %1</source>
        <translation>모델 저장소를 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>active</source>
        <translation>활성</translation>
    </message>
    <message>
        <source>previous</source>
        <translation>이전(롤백 대상)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Active: %1   Rollback target: %2</source>
        <translation>활성: %1   롤백 대상: %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>A reason is required; it goes into the history and the audit log.</source>
        <translation>사유를 입력해야 합니다. 사유는 이력과 감사 로그에 기록됩니다.</translation>
    </message>
    <message>
        <source>Select the version to activate first.</source>
        <translation>먼저 활성화할 버전을 선택하십시오.</translation>
    </message>
    <message>
        <source>Activate %1</source>
        <translation>%1 활성화</translation>
    </message>
    <message>
        <source>Why activate %1? (required)</source>
        <translation>%1 을(를) 활성화하는 사유 (필수)</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>롤백</translation>
    </message>
    <message>
        <source>Why roll back to the previous version? (required)</source>
        <translation>이전 버전으로 롤백하는 사유 (필수)</translation>
    </message>
    <message>
        <source>Activation of %1 failed: %2</source>
        <translation>%1 활성화 실패: %2</translation>
    </message>
    <message>
        <source>Rollback failed: %1</source>
        <translation>롤백 실패: %1</translation>
    </message>
    <message>
        <source>Model versions</source>
        <translation>모델 버전</translation>
    </message>
    <message>
        <source>deploy</source>
        <translation>배포</translation>
    </message>
    <message>
        <source>rollback</source>
        <translation>롤백</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>수동</translation>
    </message>
    <message>
        <source>auto-rollback</source>
        <translation>자동 롤백</translation>
    </message>
</context>
<context>
    <name>routing::ui::OverviewPage</name>
    <message>
        <source>Data source</source>
        <translation>데이터 소스</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>데이터베이스:</translation>
    </message>
    <message>
        <source>Embedded demo plant (SQLite)</source>
        <translation>내장 데모 공장 (SQLite)</translation>
    </message>
    <message>
        <source>%1, %2 dialect</source>
        <translation>%1, %2 방언</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>위치:</translation>
    </message>
    <message>
        <source>Views:</source>
        <translation>뷰:</translation>
    </message>
    <message>
        <source>Actuals unit:</source>
        <translation>실적 단위:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>상태:</translation>
    </message>
    <message>
        <source>Configuration:</source>
        <translation>설정:</translation>
    </message>
    <message>
        <source>built-in defaults</source>
        <translation>기본 설정값</translation>
    </message>
    <message>
        <source>Quality thresholds</source>
        <translation>품질 임계값</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>지표</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>경고</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>심각</translation>
    </message>
    <message>
        <source>Clears at</source>
        <translation>해제 기준</translation>
    </message>
    <message>
        <source>MAE (minutes)</source>
        <translation>MAE (분)</translation>
    </message>
    <message>
        <source>Trimmed MAE (minutes)</source>
        <translation>절사 MAE (분)</translation>
    </message>
    <message>
        <source>Process match</source>
        <translation>공정 일치율</translation>
    </message>
    <message>
        <source>CV of actuals</source>
        <translation>실적 변동계수(CV)</translation>
    </message>
    <message>
        <source>Minimum operations per group: %1 · trimmed share: %2 % each end</source>
        <translation>그룹당 최소 작업 수: %1 · 절사 비율: 양쪽 끝 각 %2 %</translation>
    </message>
</context>
<context>
    <name>routing::ui::QualityPage</name>
    <message>
        <source>Critical</source>
        <translation>심각</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>경고</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>정보</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>정상</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>MAE</source>
        <translation>MAE</translation>
    </message>
    <message numerus="yes">
        <source>MAE (minutes), last %n cycles</source>
        <translation>
            <numerusform>MAE (분), 최근 %n회 평가</numerusform>
        </translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>분</translation>
    </message>
    <message>
        <source>Process match</source>
        <translation>공정 일치율</translation>
    </message>
    <message numerus="yes">
        <source>Process match (%), last %n cycles</source>
        <translation>
            <numerusform>공정 일치율 (%), 최근 %n회 평가</numerusform>
        </translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Active alerts</source>
        <translation>활성 경보</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>심각도</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>내용</translation>
    </message>
    <message>
        <source>Warning %1</source>
        <translation>경고 %1</translation>
    </message>
    <message>
        <source>Critical %1</source>
        <translation>심각 %1</translation>
    </message>
    <message>
        <source>Cycle (oldest → newest)</source>
        <translation>평가 주기 (과거 → 최근)</translation>
    </message>
    <message>
        <source>The state database is not available.</source>
        <translation>상태 데이터베이스를 사용할 수 없습니다.</translation>
    </message>
    <message>
        <source>Cannot read the evaluation history: %1</source>
        <translation>평가 이력을 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Cannot read the alerts: %1</source>
        <translation>경보를 읽을 수 없습니다: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n evaluation cycle(s) shown; updated %1</source>
        <translation>
            <numerusform>평가 %n회 표시, %1 갱신</numerusform>
        </translation>
    </message>
    <message>
        <source>Evaluate now</source>
        <translation>지금 평가</translation>
    </message>
    <message>
        <source>Runs one evaluation cycle now, in the background</source>
        <translation>평가를 한 주기 지금 백그라운드에서 실행합니다</translation>
    </message>
    <message>
        <source>An evaluation cycle is already running</source>
        <translation>평가 주기가 이미 실행 중입니다</translation>
    </message>
    <message>
        <source>Evaluating: %1% %2</source>
        <translation>평가 중: %1% %2</translation>
    </message>
    <message>
        <source>Evaluation not run: %1</source>
        <translation>평가를 실행하지 않음: %1</translation>
    </message>
    <message>
        <source>Cycle %1: %2</source>
        <translation>평가 주기 %1: %2</translation>
    </message>
    <message>
        <source>Cycle %1 did not complete: %2</source>
        <translation>평가 주기 %1 미완료: %2</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>알 수 없는 오류</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>확인</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>확인 처리</translation>
    </message>
    <message>
        <source>Acknowledge the selected alert as %1</source>
        <translation>선택한 경보를 %1 (으)로 확인 처리합니다</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Select the alert to acknowledge first.</source>
        <translation>먼저 확인 처리할 경보를 선택하십시오.</translation>
    </message>
    <message>
        <source>Cannot acknowledge alert %1: %2</source>
        <translation>경보 %1 을(를) 확인 처리할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Alert %1 acknowledged by %2</source>
        <translation>경보 %1 을(를) %2 이(가) 확인했습니다</translation>
    </message>
    <message>
        <source>Trimmed MAE</source>
        <translation>절사 MAE</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
    <message>
        <source>Process match (positional)</source>
        <translation>공정 일치율 (위치 기준)</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>CV</source>
        <translation>CV</translation>
    </message>
    <message>
        <source>%1 %2 (%3 level %4)</source>
        <translation>%1 %2 (%3 기준 %4)</translation>
    </message>
    <message numerus="yes">
        <source>%n group(s) with fewer than %1 operations in the window</source>
        <translation>
            <numerusform>평가 기간 중 작업이 %1건 미만인 그룹 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n group(s) whose run time per unit varies strongly (CV above %1)</source>
        <translation>
            <numerusform>단위당 가공 시간의 변동이 큰 그룹 %n개 (CV %1 초과)</numerusform>
        </translation>
    </message>
    <message>
        <source>The evaluation cycle failed (code %1); the last good figures stay on screen</source>
        <translation>품질 평가 주기가 실패했습니다 (코드 %1). 마지막 정상 수치를 계속 표시합니다</translation>
    </message>
    <message>
        <source>The training queue is full (%1 jobs): retraining was not queued</source>
        <translation>학습 대기열이 가득 찼습니다 (%1건). 재학습이 대기열에 추가되지 않았습니다</translation>
    </message>
    <message>
        <source>The new model failed its probation and was rolled back</source>
        <translation>새 모델이 검증 기간을 통과하지 못해 이전 버전으로 롤백되었습니다</translation>
    </message>
    <message>
        <source>The new model failed its probation and could not be rolled back</source>
        <translation>새 모델이 검증 기간을 통과하지 못했으나 롤백하지 못했습니다</translation>
    </message>
    <message>
        <source>Shelved</source>
        <translation>보류</translation>
    </message>
    <message>
        <source>Shelve…</source>
        <translation>보류…</translation>
    </message>
    <message>
        <source>Hide the selected alert for some hours: no notification, no automatic retraining</source>
        <translation>선택한 경보를 몇 시간 동안 보류합니다: 알림과 자동 재학습이 멈춥니다</translation>
    </message>
    <message>
        <source>Unshelve</source>
        <translation>보류 해제</translation>
    </message>
    <message>
        <source>until %1, %2</source>
        <translation>%1까지, %2</translation>
    </message>
    <message>
        <source>Select the alert to shelve first.</source>
        <translation>보류할 경보를 먼저 선택하십시오.</translation>
    </message>
    <message>
        <source>Shelve alert %1</source>
        <translation>경보 %1 보류</translation>
    </message>
    <message>
        <source> h</source>
        <translation>시간</translation>
    </message>
    <message>
        <source>why, for the journal (required)</source>
        <translation>사유 (이력에 기록, 필수)</translation>
    </message>
    <message>
        <source>For</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>Cannot shelve alert %1: %2</source>
        <translation>경보 %1 을(를) 보류할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Alert %1 shelved until %2 by %3</source>
        <translation>경보 %1 을(를) %3 이(가) %2까지 보류했습니다</translation>
    </message>
    <message>
        <source>Select the alert to unshelve first.</source>
        <translation>보류를 해제할 경보를 먼저 선택하십시오.</translation>
    </message>
    <message>
        <source>Cannot unshelve alert %1: %2</source>
        <translation>경보 %1 의 보류를 해제할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Alert %1 unshelved by %2</source>
        <translation>경보 %1 의 보류를 %2 이(가) 해제했습니다</translation>
    </message>
    <message numerus="yes">
        <source>Process match, positional (%), last %n cycles</source>
        <translation>
            <numerusform>공정 일치율, 위치 기준 (%), 최근 %n회 평가</numerusform>
        </translation>
    </message>
</context>
</TS>

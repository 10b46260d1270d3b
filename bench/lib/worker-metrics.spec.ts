import { formatWorkerMetrics, parseMetricSums } from './worker-metrics';

const scrape = (tasks: number, waitedSec: number, misses: number) => `# HELP temporal_workflow_task_schedule_to_start_latency latency
# TYPE temporal_workflow_task_schedule_to_start_latency histogram
temporal_workflow_task_schedule_to_start_latency_sum{namespace="default",task_queue="flowdesk"} ${waitedSec / 2}
temporal_workflow_task_schedule_to_start_latency_sum{namespace="default",task_queue="flowdesk-sticky"} ${waitedSec / 2}
temporal_workflow_task_schedule_to_start_latency_count{namespace="default"} ${tasks}
temporal_workflow_task_execution_latency_count{namespace="default"} ${tasks}
temporal_workflow_task_execution_latency_sum ${tasks * 0.5}
temporal_sticky_cache_miss{namespace="default"} ${misses}
not a metric line
`;

describe('the workers’ metrics around a phase', () => {
  it('sums a series over its label sets and skips comments and malformed lines', () => {
    const sums = parseMetricSums(scrape(10, 4, 1));
    expect(sums.get('temporal_workflow_task_schedule_to_start_latency_sum')).toBe(4);
    expect(sums.get('temporal_sticky_cache_miss')).toBe(1);
    expect(sums.has('not')).toBe(false);
  });

  it('reports what happened between two scrapes, per incident and as mean milliseconds', () => {
    const line = formatWorkerMetrics(parseMetricSums(scrape(10, 4, 1)), parseMetricSums(scrape(30, 14, 3)), 10);
    // 20 tasks for 10 incidents, waiting 10 s in all: 500 ms each; each ran 0.5 s.
    expect(line).toContain('workflow tasks 2.00 per incident, waited 500 ms, ran 500 ms');
    expect(line).toContain('misses 0.20 per incident');
    // Nothing recorded for local activities in between: no mean to give.
    expect(line).toContain('local activities ran NaN ms');
  });
});

/*
 * system.c - `perf-collect system`: host metrics from /proc, like sar or
 * vmstat.
 *
 * Each tick reads a snapshot of the counters (one read per file, parsed
 * in place, no allocation after the first tick) and emits levels straight
 * from the newest snapshot and rates from the difference with the one
 * before, so the first points come one interval after start.  A file the
 * kernel lacks (PSI before 4.20, a container without /proc/diskstats) is
 * warned about once and its metrics are left out; it never fails the run.
 * --proc DIR reads another /proc (a host's, mounted in a container, or a
 * fixture in the tests).
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collect.h"
#include "pp_time.h"

#define MAX_NAME 64

typedef struct cpu_times {
	unsigned long long busy, total;
} cpu_times;

typedef struct device_counts {
	char name[MAX_NAME];
	unsigned long long in, out;	/* bytes read/written, received/sent */
} device_counts;

typedef struct device_list {
	device_counts *items;
	size_t count, capacity;
} device_list;

typedef struct snapshot {
	double ts;
	bool has_cpu;
	cpu_times all;
	cpu_times *cpus;
	size_t cpu_count, cpu_capacity;
	unsigned long long context_switches, forks;
	unsigned long long procs_running, procs_blocked;
	bool has_disks, has_nets;
	device_list disks, nets;
} snapshot;

typedef struct system_options {
	sampler s;		/* first: -i, --proc and the shared children's input */
	double count;		/* 0: until interrupted */
	bool per_cpu;
	unsigned warned;	/* one bit per source already warned about */
	pp_buffer file;		/* the contents of the file read last */
} system_options;

enum {
	SOURCE_STAT = 1, SOURCE_MEMINFO = 2, SOURCE_LOADAVG = 4, SOURCE_PRESSURE = 8,
	SOURCE_DISKSTATS = 16, SOURCE_NETDEV = 32
};

/* Reads PROC/relative into o->file; on failure warns once per source. */
static bool
read_proc(system_options *o, const char *relative, unsigned source)
{
	char path[4096];
	char chunk[8192];
	FILE *file;
	size_t got;

	snprintf(path, sizeof(path), "%s/%s", o->s.proc, relative);
	pp_buffer_clear(&o->file);
	file = fopen(path, "r");
	if (file == NULL) {
		if (!(o->warned & source))
			tool_warn(&o->s.c.tool, "%s: %s; its metrics are skipped", path,
			    strerror(errno));
		o->warned |= source;
		return false;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), file)) > 0)
		pp_buffer_append(&o->file, chunk, got);
	fclose(file);
	pp_buffer_reserve(&o->file, 1);
	o->file.data[o->file.length] = '\0';
	return true;
}

/* Parses "cpuN user nice system idle iowait irq softirq steal ..." after
 * the label.  Idle time is idle + iowait; guest time is already counted in
 * user, so only the first eight fields make the total. */
static cpu_times
parse_cpu_line(const char *fields)
{
	unsigned long long value[8] = {0};
	cpu_times times = {0, 0};
	char *end;
	int i;

	for (i = 0; i < 8; i++) {
		value[i] = strtoull(fields, &end, 10);
		if (end == fields)
			break;
		fields = end;
	}
	for (i = 0; i < 8; i++)
		times.total += value[i];
	times.busy = times.total - value[3] - value[4];
	return times;
}

static void
add_cpu(snapshot *s, cpu_times times)
{
	if (s->cpu_count == s->cpu_capacity) {
		s->cpu_capacity = s->cpu_capacity ? 2 * s->cpu_capacity : 16;
		s->cpus = pp_xrealloc(s->cpus, s->cpu_capacity * sizeof(*s->cpus));
	}
	s->cpus[s->cpu_count++] = times;
}

static void
read_stat(system_options *o, snapshot *s)
{
	char *line, *next;

	s->has_cpu = false;
	s->cpu_count = 0;
	if (!read_proc(o, "stat", SOURCE_STAT))
		return;
	for (line = o->file.data; line != NULL && *line; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (strncmp(line, "cpu ", 4) == 0) {
			s->all = parse_cpu_line(line + 4);
			s->has_cpu = true;
		} else if (strncmp(line, "cpu", 3) == 0) {
			add_cpu(s, parse_cpu_line(strchr(line, ' ') ? strchr(line, ' ') : ""));
		} else if (strncmp(line, "ctxt ", 5) == 0) {
			s->context_switches = strtoull(line + 5, NULL, 10);
		} else if (strncmp(line, "processes ", 10) == 0) {
			s->forks = strtoull(line + 10, NULL, 10);
		} else if (strncmp(line, "procs_running ", 14) == 0) {
			s->procs_running = strtoull(line + 14, NULL, 10);
		} else if (strncmp(line, "procs_blocked ", 14) == 0) {
			s->procs_blocked = strtoull(line + 14, NULL, 10);
		}
	}
}

static void
add_device(device_list *list, const char *name, size_t length,
    unsigned long long in, unsigned long long out)
{
	device_counts *d;

	if (list->count == list->capacity) {
		list->capacity = list->capacity ? 2 * list->capacity : 16;
		list->items = pp_xrealloc(list->items, list->capacity * sizeof(*list->items));
	}
	d = &list->items[list->count++];
	if (length >= MAX_NAME)
		length = MAX_NAME - 1;
	memcpy(d->name, name, length);
	d->name[length] = '\0';
	d->in = in;
	d->out = out;
}

/* Whole disks only: partitions, loop and ram devices would count the
 * same bytes twice or count nothing real. */
static bool
is_disk(const char *proc, const char *name)
{
	char path[4096];

	if (strncmp(name, "loop", 4) == 0 || strncmp(name, "ram", 3) == 0)
		return false;
	if (strcmp(proc, "/proc") != 0 || access("/sys/block", F_OK) != 0)
		return true;
	snprintf(path, sizeof(path), "/sys/block/%s", name);
	return access(path, F_OK) == 0;
}

/* A line of /proc/diskstats: "major minor name reads merged sectors ms
 * writes merged sectors ...", the bytes read and written of a whole disk. */
static void
disk_line(const char *proc, const char *line, const char *end, device_list *disks)
{
	unsigned major, minor;
	unsigned long long field[7];
	char name[MAX_NAME];

	(void)end;
	if (sscanf(line, "%u %u %63s %llu %llu %llu %llu %llu %llu %llu", &major,
	    &minor, name, &field[0], &field[1], &field[2], &field[3], &field[4],
	    &field[5], &field[6]) == 10 && is_disk(proc, name))
		add_device(disks, name, strlen(name), field[2] * 512, field[6] * 512);
}

/* A line of /proc/net/dev: "name: rx bytes packets errs drop fifo frame
 * compressed multicast, tx bytes ...", the bytes received and sent; the
 * two header lines have no colon. */
static void
net_line(const char *proc, const char *line, const char *end, device_list *nets)
{
	const char *colon = strchr(line, ':'), *name;
	unsigned long long field[9];

	(void)proc;
	if (colon == NULL || colon > end)
		return;
	for (name = line; *name == ' '; name++)
		;
	if (sscanf(colon + 1, "%llu %llu %llu %llu %llu %llu %llu %llu %llu",
	    &field[0], &field[1], &field[2], &field[3], &field[4], &field[5],
	    &field[6], &field[7], &field[8]) == 9)
		add_device(nets, name, (size_t)(colon - name), field[0], field[8]);
}

/* Reads PROC/relative into devices, each line through read_line (given
 * the line and the start of the next); false when it cannot be read. */
static bool
read_devices(system_options *o, const char *relative, unsigned source,
    device_list *devices, void (*read_line)(const char *proc, const char *line,
    const char *end, device_list *devices))
{
	char *line, *next;

	devices->count = 0;
	if (!read_proc(o, relative, source))
		return false;
	for (line = o->file.data; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		read_line(o->s.proc, line, next, devices);
	}
	return true;
}

static void
take_snapshot(system_options *o, snapshot *s)
{
	s->ts = round(pp_time_now() * 1e6) / 1e6;	/* to the microsecond */
	read_stat(o, s);
	s->has_disks = read_devices(o, "diskstats", SOURCE_DISKSTATS, &s->disks, disk_line);
	s->has_nets = read_devices(o, "net/dev", SOURCE_NETDEV, &s->nets, net_line);
}

/* The value of "Key:" in /proc/meminfo, in kB, or -1. */
static double
meminfo_value(const char *text, const char *key)
{
	const char *at = strstr(text, key);

	while (at != NULL && at != text && at[-1] != '\n')
		at = strstr(at + 1, key);
	return at == NULL ? -1 : strtod(at + strlen(key), NULL);
}

static void
emit(system_options *o, const char *name, double value, double ts,
    const char *unit, const pp_tags *tags)
{
	collect_emit(&o->s.c, name, value, true, ts, PP_TYPE_GAUGE, unit, tags);
}

static void
emit_memory(system_options *o, double ts)
{
	double total, available, swap_total, swap_free;

	if (!read_proc(o, "meminfo", SOURCE_MEMINFO))
		return;
	total = meminfo_value(o->file.data, "MemTotal:");
	available = meminfo_value(o->file.data, "MemAvailable:");
	swap_total = meminfo_value(o->file.data, "SwapTotal:");
	swap_free = meminfo_value(o->file.data, "SwapFree:");
	if (total > 0 && available >= 0)
		emit(o, "system.memory_utilization", 1 - available / total, ts, "ratio", NULL);
	if (swap_total > 0 && swap_free >= 0)
		emit(o, "system.swap_utilization", 1 - swap_free / swap_total, ts, "ratio",
		    NULL);
}

static void
emit_load(system_options *o, const snapshot *s)
{
	double load[3];
	unsigned long long running, total;

	if (!read_proc(o, "loadavg", SOURCE_LOADAVG))
		return;
	if (sscanf(o->file.data, "%lf %lf %lf %llu/%llu", &load[0], &load[1], &load[2],
	    &running, &total) != 5)
		return;
	emit(o, "system.load1", load[0], s->ts, NULL, NULL);
	emit(o, "system.load5", load[1], s->ts, NULL, NULL);
	emit(o, "system.load15", load[2], s->ts, NULL, NULL);
	emit(o, "system.process_count", (double)total, s->ts, NULL, NULL);
}

static void
emit_pressure(system_options *o, double ts)
{
	static const char *const resources[] = {"cpu", "memory", "io"};
	char relative[64], name[64];
	size_t i;
	const char *avg10;

	for (i = 0; i < 3; i++) {
		snprintf(relative, sizeof(relative), "pressure/%s", resources[i]);
		if (!read_proc(o, relative, SOURCE_PRESSURE))
			return;
		/* "some avg10=0.12 avg60=..." : percent of time stalled */
		avg10 = strstr(o->file.data, "avg10=");
		if (avg10 == NULL)
			continue;
		snprintf(name, sizeof(name), "system.pressure.%s", resources[i]);
		emit(o, name, strtod(avg10 + 6, NULL) / 100, ts, "ratio", NULL);
	}
}

static double
utilization(cpu_times now, cpu_times then)
{
	return (double)(now.busy - then.busy) / (double)(now.total - then.total);
}

static void
emit_cpu(system_options *o, const snapshot *now, const snapshot *then)
{
	char number[32];
	pp_tags tags = PP_TAGS_INIT;
	size_t i;

	if (!now->has_cpu || !then->has_cpu)
		return;
	if (now->all.total > then->all.total && now->all.busy >= then->all.busy)
		emit(o, "system.cpu_utilization", utilization(now->all, then->all), now->ts,
		    "ratio", NULL);
	if (now->cpu_count > 0 && now->procs_running > 0)
		emit(o, "system.scheduler_utilization",
		    (double)now->procs_running / (double)now->cpu_count, now->ts, NULL, NULL);
	for (i = 0; o->per_cpu && i < now->cpu_count && i < then->cpu_count; i++) {
		if (now->cpus[i].total <= then->cpus[i].total ||
		    now->cpus[i].busy < then->cpus[i].busy)
			continue;
		snprintf(number, sizeof(number), "%zu", i);
		pp_tags_set(&tags, "cpu", number);
		emit(o, "system.cpu_utilization", utilization(now->cpus[i], then->cpus[i]),
		    now->ts, "ratio", &tags);
	}
	pp_tags_free(&tags);
}

/* A counter's increase per second; counters that went back (a device
 * removed and added again) give no rate. */
static bool
rate(unsigned long long now, unsigned long long then, double seconds, double *value)
{
	if (now < then || seconds <= 0)
		return false;
	*value = (double)(now - then) / seconds;
	return true;
}

static void
emit_devices(system_options *o, const device_list *now, const device_list *then,
    double seconds, double ts, const char *tag, const char *in_name,
    const char *out_name)
{
	pp_tags tags = PP_TAGS_INIT;
	size_t i, j;
	double value;

	for (i = 0; i < now->count; i++)
		for (j = 0; j < then->count; j++) {
			if (strcmp(now->items[i].name, then->items[j].name) != 0)
				continue;
			pp_tags_set(&tags, tag, now->items[i].name);
			if (rate(now->items[i].in, then->items[j].in, seconds, &value))
				emit(o, in_name, value, ts, "bytes/s", &tags);
			if (rate(now->items[i].out, then->items[j].out, seconds, &value))
				emit(o, out_name, value, ts, "bytes/s", &tags);
			break;
		}
	pp_tags_free(&tags);
}

static void
emit_tick(system_options *o, const snapshot *now, const snapshot *then)
{
	double seconds = now->ts - then->ts, value;

	emit_cpu(o, now, then);
	emit_memory(o, now->ts);
	emit_load(o, now);
	if (now->has_cpu) {
		emit(o, "system.procs_running", (double)now->procs_running, now->ts, NULL, NULL);
		emit(o, "system.procs_blocked", (double)now->procs_blocked, now->ts, NULL, NULL);
	}
	if (now->has_cpu && then->has_cpu &&
	    rate(now->context_switches, then->context_switches, seconds, &value))
		emit(o, "system.context_switches", value, now->ts, "1/s", NULL);
	if (now->has_cpu && then->has_cpu && rate(now->forks, then->forks, seconds, &value))
		emit(o, "system.forks", value, now->ts, "1/s", NULL);
	emit_pressure(o, now->ts);
	emit_devices(o, &now->disks, &then->disks, seconds, now->ts, "device",
	    "system.disk.read_bytes", "system.disk.write_bytes");
	emit_devices(o, &now->nets, &then->nets, seconds, now->ts, "interface",
	    "system.net.rx_bytes", "system.net.tx_bytes");
}

/* Sleeps for seconds; false when a signal asked the program to stop. */
static bool
sleep_interval(double seconds)
{
	struct timespec left;

	left.tv_sec = (time_t)seconds;
	left.tv_nsec = (long)((seconds - (double)left.tv_sec) * 1e9);
	while (nanosleep(&left, &left) != 0)
		if (errno != EINTR || tool_interrupted())
			return false;
	return !tool_interrupted();
}

static void
free_snapshot(snapshot *s)
{
	free(s->cpus);
	free(s->disks.items);
	free(s->nets.items);
}

static int
run_system(void *input)
{
	system_options *o = input;
	snapshot shots[2];
	snapshot *then = &shots[0], *now = &shots[1], *swap;
	double done;

	memset(shots, 0, sizeof(shots));
	take_snapshot(o, then);
	for (done = 0; o->count == 0 || done < o->count; done++) {
		if (!sleep_interval(o->s.interval))
			break;
		take_snapshot(o, now);
		o->s.c.tool.lines_read++;	/* records_in of --self-metrics: samples */
		emit_tick(o, now, then);
		if (!tool_end_batch(&o->s.c.tool))
			break;
		swap = then;
		then = now;
		now = swap;
	}
	free_snapshot(&shots[0]);
	free_snapshot(&shots[1]);
	return 0;
}

/* ---- options ---- */

enum { OPTION_PER_CPU = 0x3000 };

static const struct argp_option system_argp_options[] = {
	{"count", 'n', "COUNT", 0, "Stop after COUNT samples (default: until interrupted)", 0},
	{"per-cpu", OPTION_PER_CPU, NULL, 0, "Also emit system.cpu_utilization per CPU", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

static const tool_field system_fields[] = {
	{'n', "--count", TOOL_FIELD_WHOLE_NUMBER, offsetof(system_options, count), 1, 0},
	{OPTION_PER_CPU, "--per-cpu", TOOL_FIELD_FLAG, offsetof(system_options, per_cpu), 0, 0},
	{0, NULL, 0, 0, 0, 0},
};

static void
release_system(void *input)
{
	system_options *o = input;

	pp_buffer_free(&o->file);
}

const collect_command collect_system_command = {
	sizeof(system_options), {system_argp_options, system_fields, NULL, NULL,
	"Sample host metrics from /proc every INTERVAL.", 0,
	    &sampler_argp, 0}, false,
	NULL, run_system, release_system,
};

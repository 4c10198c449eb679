// Small helpers called from components through JS interop.
window.ks = {
    setCookie(name, value, days) {
        const maxAge = days * 24 * 60 * 60;
        document.cookie = `${name}=${encodeURIComponent(value)}; max-age=${maxAge}; path=/; samesite=lax`;
    },
};

// Ctrl/⌘ + key shortcuts handled by a component (e.g. Ctrl+K opens the workspace switcher).
window.ks.shortcuts = {};
window.ks.onShortcut = (key, dotnet, method) => {
    window.ks.offShortcut(key);
    const handler = e => {
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === key) {
            e.preventDefault();
            dotnet.invokeMethodAsync(method);
        }
    };
    window.ks.shortcuts[key] = handler;
    document.addEventListener('keydown', handler);
};
window.ks.offShortcut = key => {
    const handler = window.ks.shortcuts[key];
    if (handler) document.removeEventListener('keydown', handler);
    delete window.ks.shortcuts[key];
};

// Charts: one Chart.js instance per canvas, configured from the typed Blazor component (Components/Shared/Chart.razor).
window.ks.charts = {
    render(canvas, config) {
        const existing = Chart.getChart(canvas);
        if (existing) existing.destroy();
        const styles = getComputedStyle(document.documentElement);
        const text = styles.getPropertyValue('--mud-palette-text-secondary').trim() || '#666';
        const grid = styles.getPropertyValue('--mud-palette-lines-default').trim() || 'rgba(0,0,0,.1)';
        new Chart(canvas, {
            type: config.kind,
            data: {
                labels: config.labels,
                datasets: config.series.map(s => ({
                    label: s.name, data: s.values, borderColor: s.color, backgroundColor: s.kind === 'line' ? s.color : s.color + 'cc',
                    type: s.kind, tension: 0.25, pointRadius: config.labels.length > 40 ? 0 : 2, borderWidth: 2, spanGaps: true,
                    borderDash: s.dashed ? [6, 4] : [],
                })),
            },
            options: {
                responsive: true, maintainAspectRatio: false, animation: false, indexAxis: config.horizontal ? 'y' : 'x',
                plugins: { legend: { display: config.series.length > 1, labels: { color: text } } },
                scales: {
                    x: { ticks: { color: text, maxRotation: 0, autoSkip: true }, grid: { color: grid } },
                    y: { ticks: { color: text }, grid: { color: grid }, min: config.min ?? undefined, max: config.max ?? undefined },
                },
            },
        });
    },
    /** Re-reads the theme's text and grid colours into every chart (after a light/dark switch). */
    restyle() {
        const styles = getComputedStyle(document.documentElement);
        const text = styles.getPropertyValue('--mud-palette-text-secondary').trim() || '#666';
        const grid = styles.getPropertyValue('--mud-palette-lines-default').trim() || 'rgba(0,0,0,.1)';
        for (const chart of Object.values(Chart.instances)) {
            chart.options.plugins.legend.labels.color = text;
            for (const axis of ['x', 'y']) {
                chart.options.scales[axis].ticks.color = text;
                chart.options.scales[axis].grid.color = grid;
            }
            chart.update('none');
        }
    },
    destroy(canvas) {
        const chart = canvas && Chart.getChart(canvas);
        if (chart) chart.destroy();
    },
};

// Arrow keys move through a list of options (the workspace switcher): Down from the search box goes to the first
// option, Up/Down step between options, Home/End jump, Up from the first goes back to the search box.
window.ks.arrowList = (root, itemSelector) => {
    if (!root || root.dataset.arrowList) return;
    root.dataset.arrowList = 'ready';
    root.addEventListener('keydown', e => {
        if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
        const items = [...root.querySelectorAll(itemSelector)];
        const input = root.querySelector('input');
        if (items.length === 0) return;
        const index = items.indexOf(document.activeElement);
        const inInput = document.activeElement === input;
        if (!inInput && index < 0) return;
        if (inInput && (e.key === 'Home' || e.key === 'End')) return; // the caret keeps them in the search box
        e.preventDefault();
        let next;
        if (e.key === 'Home') next = 0;
        else if (e.key === 'End') next = items.length - 1;
        else if (e.key === 'ArrowDown') next = inInput ? 0 : Math.min(index + 1, items.length - 1);
        else next = inInput ? -1 : index - 1;
        if (next < 0) { input?.focus(); return; }
        items[next].focus();
    });
};

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

// Used by bench/trim_bootstrap.sh. Every file that may name a Bootstrap class is read as text:
// a class survives if its name appears anywhere in it as a word.
const [crispyForms, crispyBootstrap5] = process.env.CRISPY_DIRS.split(" ");

module.exports = {
  css: ["static/vendor/bootstrap/bootstrap.min.css"],
  content: [
    "templates/**/*.html",
    "*/templates/**/*.html",
    "static/js/**/*.js",
    "{portal,registry,accelerators,talent,matching}/**/*.py",
    `${crispyForms}/**/*.{html,py}`,
    `${crispyBootstrap5}/**/*.{html,py}`,
  ],
  safelist: {
    // Built in templates from a prefix and a value: alert-{{ message.tags }} and the like.
    greedy: [/^alert-/],
  },
};

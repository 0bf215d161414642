"""The admin pages' form classes, one module per feature, drawn by ``macros/forms.html``."""

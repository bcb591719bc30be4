"""Settings: refresh, retention, fetching, theme and the reading font."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reader import IMAGES_PER_ARTICLE_MAX, Settings

THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        extra: tuple[str, QWidget] | None = None,
        sections: Sequence[tuple[str, QWidget]] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self.setAccessibleName("Settings")
        self._initial = settings

        self.auto_refresh = QCheckBox("Refresh feeds automatically", self)
        self.auto_refresh.setAccessibleName("Refresh automatically")
        self.auto_refresh.setChecked(settings.auto_refresh)
        self.interval = QSpinBox(self)
        self.interval.setAccessibleName("Refresh interval in minutes")
        self.interval.setRange(5, 24 * 60)
        self.interval.setSuffix(" min")
        self.interval.setValue(settings.refresh_interval_minutes)
        self.interval.setEnabled(settings.auto_refresh)
        self.auto_refresh.toggled.connect(self.interval.setEnabled)
        self.retention = QSpinBox(self)
        self.retention.setAccessibleName("Keep articles for days")
        self.retention.setRange(1, 36500)
        self.retention.setSuffix(" days")
        self.retention.setValue(settings.retention_days)
        self.retention.setToolTip("Starred and annotated articles are kept forever.")
        self.full_articles = QCheckBox("Fetch the full article from its page", self)
        self.full_articles.setAccessibleName("Fetch full articles")
        self.full_articles.setChecked(settings.fetch_full_articles)
        self.images = QCheckBox("Store article images for offline reading", self)
        self.images.setAccessibleName("Download images")
        self.images.setToolTip("Off: text only, no image is downloaded. On: the article's own photos, no ads or logos.")
        self.images.setChecked(settings.download_images)
        self.images_per_article = QSpinBox(self)
        self.images_per_article.setAccessibleName("Images per article")
        self.images_per_article.setRange(1, IMAGES_PER_ARTICLE_MAX)
        self.images_per_article.setSuffix(" images")
        self.images_per_article.setToolTip("The first ones in reading order; the others show their caption only.")
        self.images_per_article.setValue(settings.images_per_article)
        self.images_per_article.setEnabled(settings.download_images)
        self.images.toggled.connect(self.images_per_article.setEnabled)

        self.theme = QComboBox(self)
        self.theme.setAccessibleName("Theme")
        for key, label in THEMES:
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(max(0, [k for k, _ in THEMES].index(settings.theme)))
        self.font_family = QFontComboBox(self)
        self.font_family.setAccessibleName("Reading font")
        self.font_family.setCurrentFont(QFont(settings.font_family) if settings.font_family else QFont("Noto Serif"))
        self.font_size = QSpinBox(self)
        self.font_size.setAccessibleName("Reading font size")
        self.font_size.setRange(9, 40)
        self.font_size.setSuffix(" px")
        self.font_size.setValue(settings.font_size)

        feeds = QGroupBox("Feeds", self)
        f = QFormLayout(feeds)
        f.addRow(self.auto_refresh)
        f.addRow("Every:", self.interval)
        f.addRow("Keep articles:", self.retention)
        f.addRow(self.full_articles)
        f.addRow(self.images)
        f.addRow("At most:", self.images_per_article)
        look = QGroupBox("Reading", self)
        g = QFormLayout(look)
        g.addRow("Theme:", self.theme)
        g.addRow("Font:", self.font_family)
        g.addRow("Size:", self.font_size)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # Two columns: Gloss's own settings, then the sections other parts add (the highlight
        # palette from ui.annotate, the sync account), so the dialog fits a laptop's screen.
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(feeds)
        left.addWidget(look)
        added = [*((extra,) if extra is not None else ()), *sections]
        for n, (title, widget) in enumerate(added):
            box = QGroupBox(title, self)
            box.setObjectName(f"{widget.objectName() or 'extra'}Box")
            QVBoxLayout(box).addWidget(widget)
            (left if n == 0 and len(added) > 1 else right).addWidget(box)
        left.addStretch(1)
        right.addStretch(1)
        columns.addLayout(left)
        if right.count() > 1:
            columns.addLayout(right)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(buttons)

    def changes(self) -> dict[str, Any]:
        """The fields as ``Library.update_settings`` keywords (only what differs)."""
        family = self.font_family.currentFont().family()
        values: dict[str, Any] = {
            "auto_refresh": self.auto_refresh.isChecked(),
            "refresh_interval_minutes": self.interval.value(),
            "retention_days": self.retention.value(),
            "fetch_full_articles": self.full_articles.isChecked(),
            "download_images": self.images.isChecked(),
            "images_per_article": self.images_per_article.value(),
            "theme": self.theme.currentData(),
            "font_family": "" if family == "Noto Serif" and not self._initial.font_family else family,
            "font_size": self.font_size.value(),
        }
        return {k: v for k, v in values.items() if getattr(self._initial, k) != v}

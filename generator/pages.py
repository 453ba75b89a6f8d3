"""The Pelican generator that writes the briefing pages from the site model."""

from __future__ import annotations

from typing import Any

from pelican.generators import Generator

from .site import Site, site_for, url_for


class BriefingsGenerator(Generator):
    """Writes the home page and a page per relationship, country, person, mechanism,
    organization and topic; Pelican's own generators handle updates and pages."""

    site: Site

    def generate_context(self) -> None:
        self.site = site_for(self.settings)
        self.context["briefings_site"] = self.site
        self.context["briefings"] = self.site.briefings

    def generate_output(self, writer: Any) -> None:
        site = self.site
        self._write(writer, "", "home.html", page_title="Home")
        for briefing in site.briefings:
            self._write(writer, briefing.url, "relationship.html", briefing=briefing,
                        page_title=briefing.title)
        for country in site.countries:
            self._write(writer, url_for("country", country.code), "country.html",
                        country=country, page_title=country.name)
        for kind, template in (("person", "person.html"), ("mechanism", "mechanism.html"),
                               ("organization", "organization.html"), ("topic", "topic.html")):
            for ident, entity in site.registry_of(kind).items():
                self._write(writer, url_for(kind, ident), template,
                            **{kind: entity, "page_title": entity.name})

    def _write(self, writer: Any, url: str, template: str, **context: Any) -> None:
        writer.write_file(
            f"{url}index.html",
            self.get_template(template.removesuffix(".html")),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", True),
            override_output=True,
            page_url=url,
            **context,
        )


def get_generators(pelican: Any) -> type[Generator]:
    return BriefingsGenerator

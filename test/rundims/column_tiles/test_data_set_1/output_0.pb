ByJP|ЕK^i
KёxK╔╒	Koe*Jn
)Je╟,J0V(JфjЯJO&ЮJкебJ─}ЭJЫJV╦ЩJ√1ЭJM'ЩJGв5Jo04JМ,8J`p3J